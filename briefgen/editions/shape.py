"""Whether a record read from disk has the shape the program writes: a record edited by hand
or damaged may be valid JSON and still hold a number where a text goes, or lack a field.

The papers (Documents) are checked against the model's own type hints, field by field; the
printed statements against what editions/diff.py `statements` writes for each table. The
first thing out of shape is named, so that the record is refused in one line before any
code compares with it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Literal, Union

from briefgen.model import Block, Document, Heading, Inline, ListBlock, Paragraph, Table, Text

_BI = "a text in both languages"
# The fields of each table's statements, as diff.statements writes them.
_STATEMENT_FIELDS: dict[str, dict[str, Any]] = {
    "judgments": {"text": _BI, "sources": list[str]},
    "facts": {"group": str, "text": _BI, "tags": list[str], "date": str | None,
              "date_inferred": _BI, "party": str | None, "speaker": str | None,
              "value": int | None, "analysis": bool, "sources": list[str]},
    "questions": {"text": _BI, "why": _BI, "watch": _BI, "sides": list[str],
                  "sources": list[str]},
}


def statements_fault(statements: object) -> str | None:
    """What is out of shape in a record's statements (None when nothing is)."""
    if not isinstance(statements, dict):
        return "its statements are not a table"
    for key, statement in statements.items():
        table = key.split(":", 1)[0] if isinstance(key, str) else ""
        fields = _STATEMENT_FIELDS.get(table)
        if fields is None:
            return f"the statement {key!r} is of no known table"
        if not isinstance(statement, dict) or set(statement) != set(fields):
            return f"the statement {key!r} does not have the fields {', '.join(fields)}"
        for name, hint in fields.items():
            if not (_bilingual(statement[name]) if hint == _BI else fits(statement[name], hint)):
                return f"the {name} of the statement {key!r} is not {_describe(hint)}"
    return None


def document_fault(document: Document) -> str | None:
    """What is out of shape in a paper read back from a record (None when nothing is)."""
    if not fits(document, Document) or document.lang not in ("ar", "en"):
        return "a paper in it is not as the program writes one"
    for block in document.blocks:
        if isinstance(block, Heading) and not 1 <= block.level <= 3:
            return f"a heading of level {block.level}"
        if isinstance(block, Table) and any(len(row) != len(block.widths)
                                            for row in [block.header, *block.rows]):
            return "a table whose rows and widths have different numbers of cells"
        if any(isinstance(inline, Text) and not inline.text
               for inlines in _inline_lists(block) for inline in inlines):
            return "an empty run of text"  # the program never writes one
    return None


def _inline_lists(block: Block) -> list[list[Inline]]:
    """Every list of inlines a block holds."""
    if isinstance(block, ListBlock):
        return block.items
    if isinstance(block, Table):
        return [cell.inlines for row in [block.header, *block.rows] for cell in row]
    return [block.inlines] if isinstance(block, Heading | Paragraph) else []


def fits(value: object, hint: Any) -> bool:
    """Whether `value` is of the type `hint` (a class, a dataclass checked field by field,
    X | None, Literal, list[X])."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(fits(value, option) for option in typing.get_args(hint))
    if origin is Literal:
        return value in typing.get_args(hint)
    if origin is list:
        [item] = typing.get_args(hint)
        return isinstance(value, list) and all(fits(v, item) for v in value)
    if hint is type(None):
        return value is None
    if hint in (int, float):  # a bool is no number here; an int is a float
        return isinstance(value, (int, float) if hint is float else int) and not isinstance(
            value, bool)
    if dataclasses.is_dataclass(hint):
        return type(value) is hint and all(fits(getattr(value, name), field)
                                           for name, field in _hints(hint).items())
    return isinstance(value, hint)


@cache
def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's fields and their (resolved) types."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {name: hint for name, hint in typing.get_type_hints(cls).items() if name in names}


def _bilingual(value: object) -> bool:
    return value is None or (isinstance(value, dict) and set(value) == {"ar", "en"}
                             and all(isinstance(v, str) for v in value.values()))


def _describe(hint: Any) -> str:
    if hint == _BI:
        return f"{_BI} (or null)"
    return {str: "a text", bool: "true or false", list[str]: "a list of texts",
            str | None: "a text (or null)", int | None: "a whole number (or null)"}[hint]
