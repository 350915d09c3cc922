"""Documents as plain JSON data and back: Document <-> dict, losslessly, in a fixed shape.

A block is a dict whose first key, "kind", names its class; optional fields are written only
when set (a `ref`, an `anchor`, a list's `refs`), so a record stays short and reads like the
paper. Inline content is a list whose items are a string (plain text), {"b": ..}, {"i": ..},
{"bi": ..} (strong, emphasised, both) or {"cite": label, "target": anchor}.
"""

from __future__ import annotations

from typing import Any

from briefgen.model import (
    Block,
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    Inline,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    Text,
)

_STYLE_KEYS = {(True, False): "b", (False, True): "i", (True, True): "bi"}


def document_data(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data."""
    meta = document.meta
    return {
        "lang": document.lang, "direction": document.direction, "digits": document.digits,
        "density": document.density,
        "meta": {"title": meta.title, "subject": meta.subject, "author": meta.author,
                 "keywords": meta.keywords, "short_title": meta.short_title,
                 "handling": meta.handling, "page_label": meta.page_label, "date": meta.date},
        "blocks": [block_data(block) for block in document.blocks],
    }  # fmt: skip


def document_from(data: dict[str, Any]) -> Document:
    """The Document that document_data() gave `data` for; KeyError or TypeError when the
    data is not of that shape."""
    return Document(lang=data["lang"], direction=data["direction"], digits=data["digits"],
                    meta=Meta(**data["meta"]), density=data["density"],
                    blocks=[block_from(b) for b in data["blocks"]])


def block_data(block: Block) -> dict[str, Any]:
    """One block as data."""
    if isinstance(block, Heading):
        out = {"kind": "heading", "level": block.level, "anchor": block.anchor,
               "inlines": inlines_data(block.inlines)}
        return _optional(out, ref=block.ref)
    if isinstance(block, Paragraph):
        out = {"kind": "paragraph", "role": block.role, "inlines": inlines_data(block.inlines)}
        return _optional(out, anchor=block.anchor, ref=block.ref,
                         quotes_edition=block.quotes_edition)
    if isinstance(block, ListBlock):
        out = {"kind": "list", "ordered": block.ordered,
               "items": [inlines_data(item) for item in block.items]}
        return _optional(out, refs=block.refs or None)
    if isinstance(block, Table):
        out = {"kind": "table", "widths": block.widths,
               "header": [_cell_data(c) for c in block.header],
               "rows": [[_cell_data(c) for c in row] for row in block.rows]}
        return _optional(out, refs=block.refs or None)
    if isinstance(block, Contents):
        return {"kind": "contents", "title": block.title, "depth": block.depth}
    raise TypeError(f"not a block: {block!r}")


def block_from(data: dict[str, Any]) -> Block:
    """The block that block_data() gave `data` for."""
    kind = data["kind"]
    if kind == "heading":
        return Heading(data["level"], inlines_from(data["inlines"]), data["anchor"],
                       ref=data.get("ref"))
    if kind == "paragraph":
        return Paragraph(inlines_from(data["inlines"]), role=data["role"],
                         anchor=data.get("anchor"), ref=data.get("ref"),
                         quotes_edition=data.get("quotes_edition"))
    if kind == "list":
        return ListBlock([inlines_from(item) for item in data["items"]], data["ordered"],
                         refs=data.get("refs", []))
    if kind == "table":
        return Table([_cell_from(c) for c in data["header"]],
                     [[_cell_from(c) for c in row] for row in data["rows"]],
                     data["widths"], refs=data.get("refs", []))
    if kind == "contents":
        return Contents(data["title"], data["depth"])
    raise TypeError(f"not a block kind: {kind!r}")


def inlines_data(inlines: list[Inline]) -> list[Any]:
    """Inline content as data: strings, style dicts and citation dicts."""
    out: list[Any] = []
    for inline in inlines:
        if isinstance(inline, Cite):
            out.append({"cite": inline.label, "target": inline.target})
        elif (inline.strong, inline.emph) in _STYLE_KEYS:
            out.append({_STYLE_KEYS[(inline.strong, inline.emph)]: inline.text})
        else:
            out.append(inline.text)
    return out


def inlines_from(data: list[Any]) -> list[Inline]:
    """The inlines that inlines_data() gave `data` for."""
    out: list[Inline] = []
    for item in data:
        if isinstance(item, str):
            out.append(Text(item))
        elif "cite" in item:
            out.append(Cite(item["cite"], item["target"]))
        else:
            (key, text), = item.items()
            style = next((s for s, k in _STYLE_KEYS.items() if k == key), None)
            if style is None:
                raise TypeError(f"not an inline: {item!r}")
            out.append(Text(text, *style))
    return out


def _cell_data(cell: Cell) -> Any:
    inlines = inlines_data(cell.inlines)
    return {"inlines": inlines, "anchor": cell.anchor} if cell.anchor else inlines


def _cell_from(data: Any) -> Cell:
    if isinstance(data, dict):
        return Cell(inlines_from(data["inlines"]), data["anchor"])
    return Cell(inlines_from(data))


def _optional(out: dict[str, Any], **values: Any) -> dict[str, Any]:
    out.update({key: value for key, value in values.items() if value is not None})
    return out
