"""What one process keeps from one build to the next: Warm.

A single run builds with a new Warm made `single`, which keeps no memo of what only a
later build would reuse (the blocks parsed, the checks' findings, the papers' blocks by
their markup), and drops it. `generate.py --watch` keeps one for its session, so that
each rebuild reuses what the change did not touch (build() in pipeline.py asks it at
every step):
- the fonts, until a font file changes (saw("fonts")): then everything is written again;
- the fact base while facts.toml's bytes are the same, and each of its blocks parsed and
  made a record (by the block's text: facts/load.py); what checking it found (the seeds
  and spelling table by their bytes, each printed text's findings: facts/check.py);
- the check itself while the fact base, the spelling table, the seeds and the templates'
  wording are the same (a session's check process, if it has one, keeps its own memos of
  the fact base and its checks: briefgen/checkaside.py); the records read while the
  records folder's other editions are;
- the compiled templates (compose/render.py) until a template changes, the composed
  papers while the fact base, the templates and the records are the same, each paper's
  blocks by their markup (compose/markup.py) and its templates' macro calls by their
  arguments and what they read (compose/fragments.py);
- each output as its last commit left it (what it was written from, and the file's
  identity on the disk): an output whose document, fonts and file are the same is not
  written again. A file that another run replaced meanwhile is written again;
- one writer session per format (writers/base.py), opened for the fonts;
- how long each stage of the last build took (`stages`, in seconds).

Everything is found again by what it was computed from (bytes, keys), or dropped when a
change of its kind is seen, never by the assumption that a build finished: a build that
fails keeps what it learned, and the next one starts from the files the last commit left.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen.compose.render import make_environment
from briefgen.memo import Memo
from briefgen.textfile import FileIdentity, file_identity
from briefgen.writers.base import Writer, WriterSession
from briefgen.writers.fonts import FontSet
from briefgen.writers.registry import open_session

if TYPE_CHECKING:
    from briefgen.checkaside import CheckProcess
    from briefgen.facts.check import CheckMemo

KINDS = ("facts", "templates", "fonts", "seeds")  # the inputs a change set names (watch.py)
T = TypeVar("T")


@dataclass
class Kept:
    """One output as the last commit left it: what it was written from, with which fonts,
    and the file's identity then."""

    source: object  # the Document, Redline or record bytes
    fonts: FontSet | None  # None: written as it is, no fonts
    identity: FileIdentity


@dataclass
class Warm:
    """What a process keeps between builds (see the module)."""

    single: bool = False  # a single run's: no memo of what only a later build would reuse
    checks: CheckProcess | None = None  # a session's check process (checkaside.py), if any
    generations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    facts_memo: Memo | None = None  # with check_memo, coverage_memo: a session's (__post_init__)
    check_memo: CheckMemo | None = None
    documents: Memo = field(default_factory=Memo)
    markup: dict[tuple[str, str, str], Memo] = field(default_factory=dict)
    macro_calls: dict[tuple[str, str, str], Memo] = field(default_factory=dict)
    coverage_memo: Memo | None = None
    kept: dict[Path, Kept] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    _values: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    _sessions: dict[str, tuple[Writer, FontSet, WriterSession]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.single:  # a single run computes what it needs and drops it as it goes
            from briefgen.facts.check import CheckMemo  # loaded only where the check runs

            self.facts_memo, self.check_memo, self.coverage_memo = Memo(), CheckMemo(), Memo()

    def saw(self, kinds: Iterable[str]) -> None:
        """Inputs of these kinds changed: what was read from them is read again."""
        for kind in kinds:
            self.generations[kind] += 1
        if "templates" in kinds:
            make_environment.cache_clear()  # a new environment; unchanged templates load
            # from the compiled-template cache, changed ones are compiled

    def reuse(self, name: str, key: object, compute: Callable[[], T]) -> T:
        """The value last computed as `name`, if it was computed under `key`; else compute()
        (kept under `key` once it returns)."""
        kept = self._values.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = compute()
        self._values[name] = (key, value)
        return value

    def holds(self, name: str, key: object) -> bool:
        """Whether the value `name` computed under `key` is kept."""
        kept = self._values.get(name)
        return kept is not None and kept[0] == key

    def blocks(self, paper: str, lang: str, digits: str) -> Memo | None:
        """The blocks of one paper in one language and digits, by their markup (none kept
        in a single run)."""
        return None if self.single else self.markup.setdefault((paper, lang, digits), Memo())

    def fragments(self, paper: str, lang: str, digits: str) -> Memo | None:
        """The macro calls of one paper's templates in one language and digits
        (compose/fragments.py; none kept in a single run)."""
        return None if self.single else self.macro_calls.setdefault((paper, lang, digits),
                                                                     Memo())

    def session(self, name: str, writer: Writer, fonts: FontSet) -> WriterSession:
        """The writer session of `name` (a format, or a redline's) for these fonts and this
        writer, opened on first use."""
        kept = self._sessions.get(name)
        if kept is None or kept[0] is not writer or kept[1] is not fonts:
            kept = self._sessions[name] = (writer, fonts, open_session(writer, fonts))
        return kept[2]

    def unchanged(self, final: Path, source: object, fonts: FontSet | None) -> bool:
        """Whether `final` is as the last commit left it, from the same `source` and fonts."""
        kept = self.kept.get(final)
        return (kept is not None and kept.fonts is fonts and kept.identity == file_identity(final)
                and kept.source == source)

    def committed(self, final: Path, source: object, fonts: FontSet | None) -> None:
        """`final` was just put in place, written from `source` with `fonts`."""
        found = file_identity(final)
        if found is not None:
            self.kept[final] = Kept(source, fonts, found)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Add the time the block takes to the stage `name`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started
