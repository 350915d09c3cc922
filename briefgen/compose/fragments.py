"""Macro calls found again: a `--watch` session's render of a paper reuses what each call
of a template macro gave at the last render, when it is called with the same arguments and
read the same things, so that an edit of one fact makes again only the calls that show it.

A call is kept in a Memo (briefgen/memo.py) of one paper in one language, whose round is
the paper's language, digits and wording (strings.toml), by the macro's code (compiled
once per template environment: a changed template is new code) and its arguments: the
fact base's records as themselves (a load lends an unchanged block's record as the same
object, and no one changes a record), numbers, strings, booleans and None by value. It is
found again when everything it read is still the same: what it read through the
context's get() (the same record under the same id) and cites() (the same sources), and
what the macros it called read. A call that reads anything else (a name other than the
context's pure functions and the macros: the fact base itself, the changes, the facts of
a group), that has a caller, or whose macro closes over anything of the template's own
(a loop's variable) is made at every render, and so is any call that makes one.

    with memo.round(fragment_scope(lang, digits, strings)):
        template.render(TemplateContext(..., fragments=memo).names())
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.runtime import Macro
from jinja2.utils import missing

from briefgen.facts.records import Record
from briefgen.memo import Memo

NAME = "_fragments"  # the render's Fragments among the names a template sees
PURE = frozenset({"tr", "t", "date", "num", "localize", "lang", "get", "cites", NAME})
_VALUES = (str, int, float, bool, type(None))  # arguments kept by value (type and value)


@dataclass
class Reads:
    """What one macro call read, besides its arguments and the round's scope."""

    reusable: bool = True  # False: it read something no Reads tells
    gets: list[tuple[tuple[str, str], object]] = field(default_factory=list)
    sources: tuple[object, ...] | None = None  # the sources, in order, if it cited any

    def add(self, other: Reads) -> None:
        self.reusable = self.reusable and other.reusable
        self.gets += other.gets
        self.sources = other.sources if other.sources is not None else self.sources


@dataclass
class Made:
    """One macro call's output, what it read, and what keeps its key's objects alive."""

    output: Any
    reads: Reads
    kept: tuple[object, ...]  # the macro's code and the arguments kept as themselves


def fragment_scope(lang: str, digits: str, strings: object) -> tuple[object, ...]:
    """What every call of a round depends on: the language, digits and wording."""
    return lang, digits, strings


class Fragments:
    """The macro calls of one render (see the module); `by_id` and `sources` as the
    template context has them."""

    def __init__(self, memo: Memo, by_id: dict[tuple[str, str], object],
                 sources: list[object]):
        self.memo, self.by_id, self.sources = memo, by_id, tuple(sources)
        self.frames: list[Reads] = []  # the calls being made, innermost last
        self._closed: dict[int, bool] = {}  # closed(), by the macro's id
        self._macros: list[Macro] = []  # ...whose ids stay theirs while the render lasts

    def got(self, table: str, record_id: str, record: object) -> None:
        if self.frames:
            self.frames[-1].gets.append(((table, record_id), record))

    def cited(self) -> None:
        if self.frames:
            self.frames[-1].sources = self.sources

    def untold(self) -> None:
        """The call being made read something no Reads tells: it is not to be reused."""
        if self.frames:
            self.frames[-1].reusable = False

    def call(self, context: jinja2.runtime.Context, macro: Macro, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> Any:
        key = self._key(macro, args, kwargs)
        if key is None:  # made every time; what it read counts for the call that made it
            made = self._made(context, macro, args, kwargs)
        else:
            made = self.memo.get(key, lambda: self._made(context, macro, args, kwargs),
                                 valid=self._valid)
        if self.frames:
            self.frames[-1].add(made.reads)
        return made.output

    def _made(self, context: jinja2.runtime.Context, macro: Macro, args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> Made:
        self.frames.append(Reads(reusable=self.closed(macro)))
        try:
            output = jinja2.runtime.Context.call(context, macro, *args, **kwargs)
        finally:
            reads = self.frames.pop()
        kept = (macro._func.__code__, *(a for a in (*args, *kwargs.values())
                                         if isinstance(a, Record)))
        return Made(output, reads, kept)

    def _valid(self, made: Made) -> bool:
        """Whether what the call read is as it was."""
        reads = made.reads
        return (reads.reusable and all(self.by_id.get(at) is record for at, record in reads.gets)
                and (reads.sources is None or reads.sources == self.sources))

    def _key(self, macro: Macro, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> Hashable | None:
        """The call's key (the objects it holds by id are kept alive by its Made), or None
        for a call to be made every time."""
        if not self.closed(macro):
            return None
        parts: list[Hashable] = [id(macro._func.__code__)]
        for name, value in (*((None, a) for a in args), *sorted(kwargs.items())):
            if isinstance(value, Record):
                parts.append((name, "record", id(value)))
            elif type(value) in _VALUES:
                parts.append((name, type(value), value))
            else:
                return None
        return tuple(parts)

    def closed(self, macro: Macro) -> bool:
        """Whether the macro's output is its arguments' and what it reads through the
        context alone: no caller, no catch-all arguments, nothing but Jinja's machinery
        and macros in its closure (not a loop's variable, say)."""
        found = self._closed.get(id(macro))
        if found is None:
            cells = [cell.cell_contents for cell in macro._func.__closure__ or ()
                     if _filled(cell)]
            found = not (macro.caller or macro.catch_kwargs or macro.catch_varargs) and all(
                map(_machinery, cells))
            self._closed[id(macro)] = found
            self._macros.append(macro)
        return found


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 (an empty cell raises)
    except ValueError:
        return False
    return True


def _machinery(value: Any) -> bool:
    """Whether a compiled macro's closure may hold `value` and stay closed: a macro, or
    Jinja's own objects and functions."""
    if value is missing or isinstance(value, Macro | jinja2.runtime.Context
                                      | jinja2.Environment):
        return True
    if isinstance(value, type):
        return issubclass(value, jinja2.runtime.Undefined)
    if not isinstance(value, BuiltinFunctionType | MethodType | FunctionType):
        return False
    owner = getattr(value, "__self__", None)
    if isinstance(owner, jinja2.runtime.Context | jinja2.Environment):  # resolve, say
        return True
    module = getattr(value, "__module__", None) or type(owner).__module__
    return module.startswith(("jinja2", "markupsafe", "builtins"))


class FragmentContext(jinja2.runtime.Context):
    """The templates' context: a macro called through the render's Fragments, when it has
    one; a name other than PURE (or a macro) resolved while a call is made makes it one
    not to be reused."""

    _fragments: Fragments | None

    def _found(self) -> Fragments | None:
        try:
            return self._fragments
        except AttributeError:
            self._fragments = self.parent.get(NAME)
            return self._fragments

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        fragments = self._found()
        if fragments is not None and fragments.frames and key not in PURE \
                and not isinstance(value, Macro):
            fragments.untold()
        return value

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is Macro:
            fragments = __self._found()
            if fragments is not None:  # a macro takes no context: what Jinja adds is dropped
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
                return fragments.call(__self, __obj, args, kwargs)
        return super().call(__obj, *args, **kwargs)
