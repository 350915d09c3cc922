"""Read facts.toml: path -> FactBase (typed records with line numbers), or InputError.

Checks the schema: types, required keys, valid dates, unique ids, references that resolve,
unknown keys (with a "did you mean"), and that every text has the languages asked for.
Every problem found is reported, each as one line `facts.toml:LINE: what; what to do`.

A fact base of one-word tables (`[brief]`, `[[facts]]`...) is read block by block: each
block is parsed, and its record made, on its own (lines counted from its header, then
moved to its place), so that a Memo (briefgen/memo.py, a `--watch` session's) can lend
the next load everything of the blocks whose text did not change. Any other text, and a
text whose blocks do not parse, is read whole, as the messages must locate its problems.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Any

import tomli

from briefgen.errors import InputError, Problem
from briefgen.facts.lines import (
    LineIndex,
    NotBlockWise,
    Splitter,
    TextBlock,
    each_table_block,
)
from briefgen.facts.records import Bi, Citation, FactBase, Record
from briefgen.facts.schema import LANGS, SINGLE_TABLES, TABLES
from briefgen.memo import Memo
from briefgen.text.dates import DateSyntaxError, parse_date
from briefgen.tomlfile import parse_toml, read_text

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_INT_LIMIT = 10**15
MAX_BRIEF_ID = 64
_TYPE_NAMES = {"str": "a string in double quotes", "int": "a whole number such as 2",
               "bool": "true or false"}


def load_facts(path: Path, langs: tuple[str, ...] = LANGS, memo: Memo | None = None,
               data: bytes | None = None) -> FactBase:
    """The fact base at `path`, checked; InputError listing every problem otherwise. `memo`:
    what loading an earlier version of the file can lend (see the module); without one (a
    single load), each block's parsed data is dropped once its record is made. `data`: the
    file's bytes, when the caller read them (the base is then theirs, whatever the file
    holds by now)."""
    raw = read_text(path, "the fact base", "with --facts", data)
    if memo is None:
        base = _streamed(path, raw, langs)
        if base is not None:
            return base
        memo = Memo()  # a text read whole, or problems: found and told as they always are
    failed: InputError | None = None
    with memo.round():  # a fact base with problems is an outcome: the round keeps its blocks
        try:
            return _load(path, raw, langs, memo)
        except InputError as error:
            failed = error
    raise failed


def _load(path: Path, raw: str, langs: tuple[str, ...], memo: Memo) -> FactBase:
    split = memo.get(("splitter",), Splitter).split(raw)  # the last text's blocks lent
    data = _parsed_blocks(*split, memo) if split else None
    if data is None:
        return _Loader(path, LineIndex(raw), langs).load(parse_toml(path, raw))
    assert split is not None
    return _Loader(path, _Headers(split[1]), langs, memo, split[1]).load(data)


def _streamed(path: Path, raw: str, langs: tuple[str, ...]) -> FactBase | None:
    """The fact base of a text of one-word table blocks, each block parsed and made a record
    alone, in turn, keeping nothing of it but the record: at most one block's parsed data
    and text live at a time. None when the text is not read so (see _parsed_blocks) or has
    any problem."""
    try:
        preamble, blocks = each_table_block(raw)
        if _parsed(preamble) != {}:
            return None
        loader = _Loader(path, _Headers([]), langs)
        tables: dict[str, list[Any]] = {name: [] for name in TABLES}
        for block in blocks:
            parsed = _parsed(block.text)
            if (parsed is None or list(parsed) != [block.table] or block.table not in TABLES
                    or block.array == (block.table in SINGLE_TABLES)
                    or (not block.array and block.index > 0)):
                return None
            value = parsed[block.table]
            if block.array:
                if not isinstance(value, list) or len(value) != 1:
                    return None
                value = value[0]
            cls, fields = TABLES[block.table]
            record = loader.block_record(block, value, cls, fields, None)
            if record is None or loader.problems:
                return None
            tables[block.table].append(record)
    except NotBlockWise:
        return None
    if not all(tables.values()) or any(_duplicates(records) for records in tables.values()):
        return None
    loader.resolve(tables)
    return None if loader.problems else loader.fact_base(tables)


def _duplicates(records: list[Record]) -> bool:
    return len({record.id for record in records}) != len(records)


def _parsed_blocks(preamble: str, blocks: list[TextBlock], memo: Memo) -> dict[str, Any] | None:
    """The data of the whole text from its blocks parsed alone, as tomli gives it for the
    whole; None when that cannot be known so (a block does not parse alone, a table is
    given twice or in both forms, keys stand before the first header)."""
    if memo.get(("toml", preamble), lambda: _parsed(preamble)) != {}:
        return None
    data: dict[str, Any] = {}
    for block in blocks:
        parsed = memo.get(("toml", block.text), lambda b=block: _parsed(b.text))
        if parsed is None or list(parsed) != [block.table]:
            return None
        value, known = parsed[block.table], data.get(block.table)
        if block.array and isinstance(value, list) and len(value) == 1 and (
                known is None or isinstance(known, list)):
            data.setdefault(block.table, []).append(value[0])
        elif not block.array and known is None:
            data[block.table] = value
        else:
            return None
    return data


def _parsed(text: str) -> dict[str, Any] | None:
    try:
        return tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError, ValueError):
        return None


class _Headers:
    """The line of each block's header: all a loader asks of the whole text when each
    block's record is made from the block alone."""

    def __init__(self, blocks: list[TextBlock]):
        self.starts = {(block.table, block.index): block.start for block in blocks}

    def block(self, table: str, index: int) -> int:
        return self.starts.get((table, index), 1)


def _moved(record: Record, lines: int, copy: bool) -> Record:
    """A record made from its block alone, its lines moved down by `lines`: a new copy when
    `copy` (lists copied: no record shares anything mutable with another), else itself."""
    if copy:  # records are plain dataclasses: the copy takes their fields as they are
        made = record
        record = object.__new__(type(made))
        record.__dict__.update({name: list(value) if isinstance(value, list) else value
                                for name, value in vars(made).items()})
    record.line += lines
    record.lines = {key: line + lines for key, line in record.lines.items()}
    record.cite = [Citation(c.source, c.quote, c.line + lines) for c in record.cite]
    return record


class _Loader:
    """Turns parsed TOML into records, collecting every problem on the way; with `blocks`
    (and the `index` of their headers), each record is made from its block alone, through
    the memo."""

    def __init__(self, path: Path, index: LineIndex | _Headers, langs: tuple[str, ...],
                 memo: Memo | None = None, blocks: list[TextBlock] | None = None):
        self.path, self.index, self.langs = path, index, langs
        self.memo = memo or Memo()
        self.blocks = {(block.table, block.index): block for block in blocks or []}
        self.problems: list[Problem] = []
        self.refs: list[tuple[str, str, int]] = []  # (table, id, line) to resolve at the end

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def load(self, data: dict[str, Any]) -> FactBase:
        for name in data:
            if name not in TABLES:
                self.problem(self.index.block(name, 0), _unknown("table", name, TABLES))
        tables = {name: self.table(name, data.get(name)) for name in TABLES}
        self.resolve(tables)
        if self.problems:
            raise InputError(self.problems)
        return self.fact_base(tables)

    @staticmethod
    def fact_base(tables: dict[str, list[Any]]) -> FactBase:
        """The fact base of the tables' records, found right; the sources numbered."""
        for number, source in enumerate(tables["sources"], start=1):
            source.number = number
        brief = tables.pop("brief")[0]
        return FactBase(brief=brief, **tables)

    def table(self, name: str, value: Any) -> list[Any]:
        cls, fields = TABLES[name]
        single = name in SINGLE_TABLES
        if value is None:
            header = f"[{name}]" if single else f"[[{name}]]"
            self.problem(None, f"no {header} table; add it (see the schema at the top of the "
                         "file)")
            return []
        rows = [value] if single else value
        if not isinstance(rows, list):
            self.problem(self.index.block(name, 0), f"{name} must be written [[{name}]]")
            return []
        records, seen = [], {}
        for i, row in enumerate(rows):
            record = self.table_record(name, i, row, cls, fields)
            if record is None:
                continue
            at = record.line_of("id")
            if record.id in seen:
                self.problem(at, f"duplicate id {record.id!r} (first at line "
                             f"{seen[record.id]}); give each {name} entry its own id")
            seen.setdefault(record.id, at)
            records.append(record)
        return records

    def table_record(self, table: str, i: int, row: Any, cls: type,
                     fields: dict[str, str]) -> Any:
        """The record of the i-th `table` entry (None when it has no id): made from its block
        when the loader has the blocks (see block_record), else from the whole text."""
        block = self.blocks.get((table, i))
        if block is None:
            return self.record(table, i, row, cls, fields)
        return self.block_record(block, row, cls, fields, self.memo)

    def block_record(self, block: TextBlock, row: Any, cls: type, fields: dict[str, str],
                     memo: Memo | None) -> Any:
        """The record of a block's entry `row` (None when it has no id): made from the block
        alone, or found in the `memo` for the block's text, and moved to the block's lines
        (a copy of the memo's, kept in it for the same block at the same place; without a
        memo, the record made is moved itself)."""

        def alone() -> tuple[Any, list[Problem], list[tuple[str, str, int]]]:
            loader = _Loader(self.path, LineIndex(block.text), self.langs)
            return (loader.record(block.table, 0, row, cls, fields), loader.problems,
                    loader.refs)

        key = ("record", block.text, self.langs)
        record, problems, refs = alone() if memo is None else memo.get(key, alone)
        moved = block.start - 1
        self.problems += [Problem(p.path, None if p.line is None else p.line + moved, p.message)
                          for p in problems]
        self.refs += [(target, ref, line + moved) for target, ref, line in refs]
        if record is None or memo is None:
            return None if record is None else _moved(record, moved, copy=False)
        # the copy moved to these lines, the last load's if the block was there: no one
        # changes a record once loaded, and its place among its table's (its source number)
        # is the same
        return memo.get((*key, block.start, block.index), lambda: _moved(record, moved, copy=True))

    def record(self, table: str, i: int, row: Any, cls: type, fields: dict[str, str]) -> Any:
        line = self.index.block(table, i)
        if not isinstance(row, dict):
            self.problem(line, f"{table} entry must be a table of keys")
            return None
        names = {f.rstrip("!"): f.endswith("!") for f in fields}
        lines = {sys.intern(key): self.index.key(table, i, key) for key in row if key in names}
        values: dict[str, Any] = {"line": line, "lines": lines}
        for key in row:
            if key not in names:
                self.problem(self.index.key(table, i, key), _unknown(f"key in {table}", key, names))
        for key, required in names.items():
            kind = fields[key + "!" if required else key]
            if key not in row:
                if required:
                    what = f"[{table}]" if table in SINGLE_TABLES else f"{table} entry"
                    self.problem(line, f"{what} has no {key!r}; add {key} = ...")
                continue
            converted = self.convert(table, i, key, kind, row[key])
            if converted is not None:
                values[key] = converted
        if "id" not in values:
            return None
        return cls(**values)

    def convert(self, table: str, i: int, key: str, kind: str, value: Any) -> Any:
        line = self.index.key(table, i, key)
        expect = self.expectations(line, key)
        if kind == "id":
            if not isinstance(value, str) or not _ID.match(value):
                return expect(f"an id of lower-case letters, digits and hyphens, not "
                              f"{_shown(value)}")
            if table == "brief" and len(value) > MAX_BRIEF_ID:
                return expect(f"at most {MAX_BRIEF_ID} characters long, not {len(value)} (it "
                              "names the papers' files)")
            return sys.intern(value)
        if kind in ("str", "int", "bool"):
            python = {"str": str, "int": int, "bool": bool}[kind]
            if not isinstance(value, python) or (kind == "int" and isinstance(value, bool)):
                return expect(f"{_TYPE_NAMES[kind]}, not {_shown(value)}")
            if kind == "int" and abs(value) >= _INT_LIMIT:
                return expect(f"a whole number of at most {len(str(_INT_LIMIT)) - 1} digits")
            return self.clean(value, line) if kind == "str" else value
        if kind.startswith("choice:"):
            options = kind[7:].split("|")
            if value not in options:
                return expect(f"one of {', '.join(map(repr, options))}, not {_shown(value)}")
            return sys.intern(value)
        if kind == "date":
            if not isinstance(value, str):
                return expect(f"a date string such as \"2024-01-27\", not {_shown(value)}")
            try:
                if value != value.strip():
                    raise DateSyntaxError(f"{value!r} has white space around it")
                return parse_date(value)
            except DateSyntaxError as exc:
                fix = "" if "write" in str(exc) else (
                    "; write a date of the grammar at the top of facts.toml "
                    "(e.g. \"2024-01-27\", \"2023-08\", \"mid-2023-10\")")
                self.problem(line, f"{key}: {exc}{fix}")
                return None
        if kind == "bi":
            return self.bilingual(table, i, key, value, line)
        if kind == "keywords":
            if not isinstance(value, dict) or not all(
                isinstance(value.get(lang), list)
                and all(isinstance(word, str) for word in value[lang]) for lang in self.langs
            ):
                return expect("{ ar = [\"...\"], en = [\"...\"] }")
            return Bi(*(self.clean("; ".join(value.get(lang, [])), line) for lang in LANGS))
        if kind == "tags":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return expect("a list of strings")
            return [self.clean(tag, line) for tag in value]
        if kind.startswith(("ref:", "refs:")):
            target = kind.split(":", 1)[1]
            ids = value if kind.startswith("refs:") else [value]
            if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
                return expect(f"{'a list of ids' if kind.startswith('refs') else 'an id'} "
                              f"of [[{target}]]")
            for ref in ids:
                self.refs.append((target, ref, self.index.value(table, i, f'"{ref}"', key)))
            return [sys.intern(ref) for ref in ids] if kind.startswith("refs:") else \
                sys.intern(value)
        if kind == "cite":
            return self.citations(table, i, value, line)
        raise AssertionError(f"unknown field kind {kind}")

    def expectations(self, line: int, key: str):
        def expect(what: str) -> None:
            self.problem(line, f"{key} must be {what}; correct the value")
        return expect

    def clean(self, text: str, line: int) -> str:
        """Refuse control characters XML cannot hold and bidi overrides/isolates; the text
        interned (a fact base repeats its words: sources, groups, tags, quotes cited again)."""
        found = list(_FORBIDDEN.finditer(text))
        if found:
            bad = found[0]
            kind = ("a bidi override or isolate" if "\u202a" <= bad.group() <= "\u2069"
                    else "a control character XML cannot hold")
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            self.problem(line, f"forbidden character U+{ord(bad.group()):04X} ({kind}) at "
                         f"character {bad.start() + 1} of the text "
                         f"«{_around(text, bad.start())}»{more}; delete it")
        return sys.intern(text)

    def bilingual(self, table: str, i: int, key: str, value: Any, line: int) -> Bi | None:
        if isinstance(value, str) or not isinstance(value, dict):
            self.problem(line, f'{key} must be bilingual: {key}.ar = "..." and {key}.en = "..."')
            return None
        for extra in sorted(set(value) - set(LANGS)):
            self.problem(self.index.key(table, i, f"{key}.{extra}"),
                         _unknown(f"language of {key}", extra, LANGS))
        texts = {}
        for lang in LANGS:
            text = value.get(lang)
            if text is None:
                if lang in self.langs:
                    self.problem(line, f"{key} has no {lang!r} text; add {key}.{lang} = \"...\"")
                texts[lang] = ""
            elif not isinstance(text, str) or not text.strip():
                self.problem(self.index.key(table, i, f"{key}.{lang}"),
                             f"{key}.{lang} must be a non-empty string")
                texts[lang] = ""
            else:
                texts[lang] = self.clean(text, self.index.key(table, i, f"{key}.{lang}"))
        return Bi(texts["ar"], texts["en"])

    def citations(self, table: str, i: int, value: Any, line: int) -> list[Citation] | None:
        shape = 'a list of { source = "...", quote = "..." }'
        if not isinstance(value, list) or not value:
            self.problem(line, f"cite must be {shape} with at least one citation")
            return None
        result, at = [], 0
        for item in value:
            if not isinstance(item, dict) or set(item) != {"source", "quote"} or not all(
                isinstance(v, str) for v in item.values()
            ):
                self.problem(line, f"cite must be {shape}; found {_shown(item)}")
                continue
            at = self.index.value(table, i, item["quote"], "cite", after_line=at)
            self.refs.append(("sources", item["source"], at))
            result.append(Citation(sys.intern(item["source"]), self.clean(item["quote"], at), at))
        return result

    def resolve(self, tables: dict[str, list[Any]]) -> None:
        ids = {name: {r.id for r in records} for name, records in tables.items()}
        for target, ref, line in self.refs:
            if ref not in ids[target]:
                self.problem(line, f"unknown {target} id {ref!r}"
                             + _hint(ref, ids[target]) + f"; use an id defined in [[{target}]]")


def _around(text: str, at: int) -> str:
    """A short printable stretch of `text` around position `at`, the bad character shown as ?."""
    start = max(0, at - 15)
    return _FORBIDDEN.sub("?", text[start:at + 15]).replace("\n", " ")


def _shown(value: Any) -> str:
    """A short repr of a value for a message, whatever its size or depth."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # nested too deeply, or a number too long to print
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= 80 else text[:77] + "..."


def _hint(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown(what: str, name: str, options: Any) -> str:
    return f"unknown {what} {name!r}" + _hint(name, options) + "; remove or rename it"
