"""Compose a paper: FactBase + template name + language -> Document.

Templates live in templates/: `<paper>.xml.j2` gives a paper's structure in the neutral
markup (see compose/markup.py); `strings.toml` its fixed wording in both languages.
Jinja2 runs with undefined names as errors and autoescaping on, so fact text never acts
as markup. Templates are read as every input is (textfile.py: a regular file, a byte-order
mark read past, a byte that is not UTF-8 located), and a control character in one is
refused at its place. Jinja2's and the markup's errors are turned into InputError naming
the template file and line.
"""

from __future__ import annotations

import os
import posixpath
import re
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.loaders

from briefgen.compose.context import TemplateContext
from briefgen.compose.fragments import FragmentContext, fragment_scope
from briefgen.compose.markup import MarkupError, parse_markup, parse_pieces
from briefgen.diskcache import entry_path, read_entry, store_entry
from briefgen.errors import BriefError, InputError, Problem
from briefgen.facts.records import Bi, FactBase
from briefgen.facts.schema import LANGS
from briefgen.memo import Memo
from briefgen.model import Document
from briefgen.textfile import read_regular, read_text
from briefgen.tomlfile import read_toml

TEMPLATE_SUFFIX = ".xml.j2"
STRINGS_FILE = "strings.toml"


def paper_names(templates: Path) -> list[str]:
    """The papers the templates folder defines ('full', 'summary', ...), sorted."""
    return sorted(p.name[: -len(TEMPLATE_SUFFIX)] for p in templates.glob(f"*{TEMPLATE_SUFFIX}"))


_last_strings: tuple[Path, bytes, dict[str, Bi]] | None = None  # the file, its bytes, its wording


def load_strings(templates: Path) -> dict[str, Bi]:
    """The fixed wording of the templates: strings.toml -> {key: Bi} (not to be changed:
    the wording read last is given again while the file holds the same bytes, as each
    rebuild of a `--watch` session composes its papers)."""
    global _last_strings
    path = templates / STRINGS_FILE
    try:
        data = read_regular(path)
    except OSError:  # read_toml says why
        data = None
    if _last_strings is not None and data is not None and _last_strings[:2] == (path, data):
        return _last_strings[2]
    _, table = read_toml(path, "the templates' strings", "in the templates folder", data)
    strings = {}
    for key, value in table.items():
        if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in LANGS):
            raise InputError([Problem(path, None, f"[{key}] needs ar = \"...\" and en = \"...\"")])
        strings[key] = Bi(value["ar"], value["en"])
    if data is not None:
        _last_strings = path, data, strings
    return strings


class _BytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in the disk cache between runs, where Jinja2 finds them by
    template name and source checksum (compiling the two papers' templates takes 30 ms a
    run); checked like every entry of that cache, so a damaged one is compiled again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_entry(entry_path("templates", bucket.key))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store_entry(entry_path("templates", bucket.key), bucket.bytecode_to_string())


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML cannot hold, tab and
# line breaks aside


class _TemplateLoader(jinja2.FileSystemLoader):
    """Jinja2's loader of a templates folder, reading each template as every input is read
    (see the module's docstring)."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename):
                return _read_template(Path(filename)), os.path.normpath(filename), \
                    _unchanged_since(filename)
        raise jinja2.TemplateNotFound(template)


def _read_template(path: Path) -> str:
    """The template's text; InputError at what makes it unreadable."""
    try:
        source = read_text(path)
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot read the template ({exc.strerror or exc}); "
                                  "give a UTF-8 text file")]) from None
    control = _CONTROL.search(source)
    if control:
        line = source.count("\n", 0, control.start()) + 1
        column = control.start() - source.rfind("\n", 0, control.start())
        raise InputError([Problem(path, line, (
            f"a control character U+{ord(control.group()):04X} at column {column}, which the "
            "papers cannot hold; delete it"))])
    return source


def _unchanged_since(filename: str) -> Callable[[], bool]:
    """Whether the file still has the modification time it has now (Jinja2's test of
    whether a template it compiled is up to date)."""
    try:
        mtime: float | None = os.path.getmtime(filename)
    except OSError:  # gone since it was read: read again next time
        mtime = None

    def unchanged() -> bool:
        try:
            return mtime is not None and os.path.getmtime(filename) == mtime
        except OSError:
            return False

    return unchanged


@lru_cache(maxsize=8)
def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja2 environment of a templates folder (one per process, so each template is
    compiled once, and compiled templates cached on disk): strict undefined, autoescape,
    tidy blocks."""
    environment = jinja2.Environment(
        loader=_TemplateLoader(templates),
        bytecode_cache=_BytecodeCache(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.context_class = FragmentContext  # a session's macro calls found again
    return environment


def compose(base: FactBase, paper: str, lang: str, digits: str, templates: Path,
            changes: Any = None, blocks: Memo | None = None,
            fragments: Memo | None = None) -> Document:
    """The paper `paper` in `lang`, as a Document; `changes` (editions/diff.py) are what
    changed since an earlier edition, for the templates to show (None: no earlier edition).
    `blocks`: the blocks this paper was made of before, by their markup, and `fragments`:
    its templates' macro calls (compose/fragments.py) (a `--watch` session's Memos for
    this paper and language)."""
    strings = load_strings(templates)
    context = TemplateContext(base, lang, digits, strings, templates / STRINGS_FILE, changes,
                              fragments)
    environment = make_environment(templates)
    printed = digits if lang == "ar" else "western"  # the model's digits (markup.py)
    if blocks is None and fragments is None:
        document = _read_as_made(environment, paper, context, printed)
        if document is not None:
            return document
    with nullcontext() if fragments is None else fragments.round(
            fragment_scope(lang, digits, strings)):
        markup = render_markup(environment, paper, context)
    try:
        if blocks is None:
            return parse_markup(markup, context.cite_label, printed)
        labels = [(source.id, context.cite_label(source.id)) for source in base.sources]
        with blocks.round(labels):
            return parse_markup(markup, context.cite_label, printed, blocks)
    except MarkupError as exc:
        where = f" (line {exc.line} of its output)" if exc.line else ""
        raise InputError([Problem(templates / f"{paper}{TEMPLATE_SUFFIX}", None,
                                  f"the template produced bad markup{where}: {exc}")]) from None


def _read_as_made(env: jinja2.Environment, paper: str, context: TemplateContext,
                  digits: str) -> Document | None:
    """The paper read from its markup block by block as the template makes it (parse_pieces:
    no whole markup held, for a run that keeps no blocks); None when the template or its
    markup fails in any way, for render_markup and parse_markup to say how, as they do."""
    try:
        template = env.get_template(f"{paper}{TEMPLATE_SUFFIX}")
        return parse_pieces(template.generate(context.names()), context.cite_label, digits)
    except Exception:  # met again, and told, as the whole markup is made and read
        return None


def render_markup(env: jinja2.Environment, paper: str, context: TemplateContext) -> str:
    """Render one paper's template to markup text; InputError naming file and line."""
    name = f"{paper}{TEMPLATE_SUFFIX}"
    path = Path(env.loader.searchpath[0]) / name  # type: ignore[union-attr]
    try:
        return env.get_template(name).render(context.names())
    except jinja2.TemplateSyntaxError as exc:
        located = Path(exc.filename) if exc.filename else path
        problem = Problem(located, exc.lineno, f"template syntax error: {exc.message}")
        raise InputError([problem]) from None
    except jinja2.TemplateNotFound as exc:
        raise InputError([Problem(path, None, f"template {exc.name} not found; "
                                  "add it to the templates folder")]) from None
    except BriefError:
        raise
    except RecursionError as exc:  # a macro that calls itself without end
        file, line = _template_frame(exc, path)
        raise InputError([Problem(file, line, "template error: a macro or include calls "
                                  "itself without end; give the recursion a way out")]) from None
    except Exception as exc:  # anything else the template's code raised while rendering
        file, line = _template_frame(exc, path)
        raise InputError([Problem(file, line, f"template error: {_describe(exc)}; "
                                  "check the names and expressions the template uses")]) from None


def _template_frame(exc: BaseException, default: Path) -> tuple[Path, int | None]:
    """The innermost template file and line in the exception's traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX) or frame.filename.endswith(".j2"):
            return Path(frame.filename), frame.lineno
    return default, None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"no record with id {exc.args[0]!r}"
    if isinstance(exc, jinja2.UndefinedError | TypeError | AttributeError | ValueError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
