"""Every file and folder the program reads, made odd as a hostile user or an unlucky machine
would make it (a named pipe, a folder or a symbolic-link loop where a file goes, a byte-order
mark, bytes that are not UTF-8, a control character, lines ending in CR alone, a cut or
deeply nested record, a file where the records folder goes): one located line, exit 1, no
traceback, nothing written; `--check` refuses it exactly as a build does. A byte-order mark
is read past wherever a text file may have one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI_FACTS, MINI_NEXT_FACTS, deadline, mini_copy

from briefgen.cli import main
from briefgen.pipeline import ROOT, Options, build

FIFO = "a named pipe (FIFO), not a file"
LOOP = "Too many levels of symbolic links"
SEEDS = MINI_FACTS.parent / "seeds"


def fifo(path: Path) -> Path:
    """A named pipe, with no writer, where the file `path` was."""
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


def loop(path: Path) -> Path:
    """A symbolic link to itself where `path` was."""
    if path.is_dir():
        shutil.rmtree(path)
    path.unlink(missing_ok=True)
    path.symlink_to(path.name)
    return path


def templates_copy(root: Path) -> Path:
    templates = root / "templates"
    shutil.copytree(ROOT / "templates", templates)
    return templates


def fonts_copy(root: Path) -> Path:
    fonts = root / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    return fonts


def recorded(root: Path) -> Path:
    """An output folder holding the fixture's edition 2 (English PDF) and its record."""
    out = root / "out"
    build(Options(facts=MINI_FACTS, out=out, papers=("full", "summary"), formats=("pdf",)))
    return out


RECORD = "records/mini.edition-2.json"
NEXT = ["--facts", str(MINI_NEXT_FACTS), "--seeds", str(SEEDS)]  # edition 3


def record_copy(root: Path, edit: Callable[[bytes], bytes]) -> Path:
    """Edition 2's record, edited, outside any output folder."""
    path = root / "record.json"
    path.write_bytes(edit((recorded(root / "made") / RECORD).read_bytes()))
    return path


# Each case makes its odd input under the folder it is given, and returns the arguments of
# the run and the line it must give (after "error: ").
Case = Callable[[Path], tuple[list[str], str]]
CASES: dict[str, Case] = {}


def case(function: Case) -> Case:
    CASES[function.__name__.replace("_", "-")] = function
    return function


@case
def facts_fifo(root: Path) -> tuple[list[str], str]:
    facts = fifo(mini_copy(root)[0])
    return (["--facts", str(facts)],
            f"{facts}: cannot read the fact base ({FIFO}); give a readable UTF-8 file with --facts")


@case
def facts_symlink_loop(root: Path) -> tuple[list[str], str]:
    facts = loop(mini_copy(root)[0])
    return (["--facts", str(facts)],
            f"{facts}: cannot read the fact base ({LOOP}); give a readable UTF-8 file with --facts")


@case
def facts_with_cr_line_endings(root: Path) -> tuple[list[str], str]:
    facts = mini_copy(root)[0]
    facts.write_bytes(facts.read_bytes().replace(b"\n", b"\r"))
    return (["--facts", str(facts)],
            f"{facts}:1: a line ends in a carriage return alone (as in old Mac files), which "
            "TOML does not allow; save the file with LF (or CRLF) line endings")


@case
def spellings_fifo(root: Path) -> tuple[list[str], str]:
    facts = mini_copy(root)[0]
    table = fifo(facts.parent / "spellings.toml")
    return (["--facts", str(facts)],
            f"{table}: cannot read the spelling table ({FIFO}); give a readable UTF-8 file as "
            "spellings.toml beside the fact base")


@case
def strings_fifo(root: Path) -> tuple[list[str], str]:
    templates = templates_copy(root)
    strings = fifo(templates / "strings.toml")
    return (["--facts", str(MINI_FACTS), "--templates", str(templates)],
            f"{strings}: cannot read the templates' strings ({FIFO}); give a readable UTF-8 "
            "file in the templates folder")


@case
def template_fifo(root: Path) -> tuple[list[str], str]:
    templates = templates_copy(root)
    macros = fifo(templates / "parts" / "macros.j2")
    return (["--facts", str(MINI_FACTS), "--templates", str(templates)],
            f"{macros}: cannot read the template ({FIFO}); give a UTF-8 text file")


@case
def template_symlink_loop(root: Path) -> tuple[list[str], str]:
    templates = templates_copy(root)
    macros = loop(templates / "parts" / "macros.j2")
    return (["--facts", str(MINI_FACTS), "--templates", str(templates)],
            f"{macros}: cannot read the template ({LOOP}); give a UTF-8 text file")


@case
def template_that_is_a_folder(root: Path) -> tuple[list[str], str]:
    templates = templates_copy(root)
    full = templates / "full.xml.j2"
    full.unlink()
    full.mkdir()
    return (["--facts", str(MINI_FACTS), "--templates", str(templates)],
            f"{full}: cannot read the template (Is a directory); give a UTF-8 text file")


@case
def template_with_a_nul_byte(root: Path) -> tuple[list[str], str]:
    templates = templates_copy(root)
    macros = templates / "parts" / "macros.j2"
    lines = macros.read_bytes().split(b"\n")
    lines[4] = b"ab\x00" + lines[4]
    macros.write_bytes(b"\n".join(lines))
    return (["--facts", str(MINI_FACTS), "--templates", str(templates)],
            f"{macros}:5: a control character U+0000 at column 3, which the papers cannot "
            "hold; delete it")


@case
def font_fifo(root: Path) -> tuple[list[str], str]:
    font = fifo(fonts_copy(root) / "NotoSerif-Italic.ttf")
    return (["--facts", str(MINI_FACTS), "--fonts", str(font.parent)],
            f"{font}: cannot read font ({FIFO}); restore it from the repository")


@case
def record_fifo(root: Path) -> tuple[list[str], str]:
    record = fifo(root / "record.json")
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}: not an edition record ({FIFO}); give a file from a briefs folder's "
            "records/")


@case
def record_symlink_loop(root: Path) -> tuple[list[str], str]:
    record = loop(root / "record.json")
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}: not an edition record ({LOOP}); give a file from a briefs folder's "
            "records/")


@case
def record_not_utf8(root: Path) -> tuple[list[str], str]:
    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[4] = b"\xff" + lines[4]
        return b"\n".join(lines)

    record = record_copy(root, edit)
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}:5: not an edition record (not UTF-8 text: the byte 0xFF at column 1 "
            "is not part of any character); give a file from a briefs folder's records/")


@case
def record_cut_short(root: Path) -> tuple[list[str], str]:
    record = record_copy(root, lambda data: data[:data.index(b"\n", 3000)])
    lines = record.read_text(encoding="utf-8").split("\n")
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}:{len(lines)}: not an edition record: JSON syntax error at column "
            f"{len(lines[-1]) + 1}: Expecting property name enclosed in double quotes; "
            "restore the file as the run that recorded it wrote it (from git, for instance), "
            "or give another record with --changes-since")


@case
def record_nested_too_deeply(root: Path) -> tuple[list[str], str]:
    record = root / "record.json"
    record.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}: not an edition record (nested too deeply); give a file from a briefs "
            "folder's records/")


@case
def record_out_of_shape(root: Path) -> tuple[list[str], str]:
    def edit(data: bytes) -> bytes:
        return data.replace(b'"facts:jscd": {"group":"event","text":{', b'"facts:jscd": '
                            b'{"group":"event","text":{"fr":"",', 1)

    record = record_copy(root, edit)
    return ([*NEXT, "--changes-since", str(record)],
            f"{record}: not an edition record (the text of the statement 'facts:jscd' is not "
            "a text in both languages (or null)); give a file from a briefs folder's records/")


@case
def latest_record_in_the_folder_is_a_fifo(root: Path) -> tuple[list[str], str]:
    out = recorded(root)
    record = fifo(out / RECORD)
    return ([*NEXT, "--out", str(out)],
            f"{record}: not an edition record ({FIFO}); give a file from a briefs folder's "
            "records/")


@case
def a_file_where_the_records_folder_goes(root: Path) -> tuple[list[str], str]:
    out = recorded(root)
    shutil.rmtree(out / "records")
    (out / "records").write_bytes(b"mine")
    return ([*NEXT, "--out", str(out)],
            f"{out / 'records'}: not a folder, and this is where the edition records are "
            "kept; move it away, or give another folder with --out")


def tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under `root` (a regular file by its bytes; anything else by its kind),
    by path: named pipes are not opened."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        found[name] = (os.readlink(path) if path.is_symlink() else
                       "folder" if path.is_dir() else
                       path.read_bytes() if path.is_file() else "other")
    return found


@pytest.mark.parametrize("name", CASES)
def test_an_odd_input_is_one_located_line(name: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    args, expected = CASES[name](tmp_path)
    if "--out" not in args:
        args += ["--out", str(tmp_path / "new-out")]
    before = tree(tmp_path)
    for check in (["--check"], []):
        with deadline(30):
            status = main([*args, *check])
        out, err = capsys.readouterr()
        assert (status, out, err) == (1, "", f"error: {expected}\n"), check
    assert tree(tmp_path) == before


def test_byte_order_marks_are_read_past(tmp_path: Path, edition_pair: tuple[Path, Path]) -> None:
    """A byte-order mark at the top of every template (the part included only for the
    changes section too), of strings.toml, of the spelling table and of the edition record:
    the same papers, byte for byte, as without."""
    plain, marked = tmp_path / "plain", tmp_path / "marked"
    for folder in (plain, marked):
        shutil.copytree(MINI_NEXT_FACTS.parent, folder / "facts")
        shutil.copytree(ROOT / "templates", folder / "templates")
        shutil.copytree(edition_pair[0], folder / "out")
    for path in [*(marked / "templates").rglob("*.j2"), marked / "templates" / "strings.toml",
                 marked / "facts" / "spellings.toml", marked / "out" / RECORD]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    papers = {}
    for folder in (plain, marked):
        result = build(Options(facts=folder / "facts" / "facts.toml", seeds=SEEDS,
                               templates=folder / "templates", out=folder / "out",
                               langs=("en",), formats=("docx",)))
        papers[folder.name] = [(w.path.name, w.path.read_bytes()) for w in result.written]
    assert [name for name, _ in papers["marked"]] == ["mini.en.docx", "mini.en.redline.docx"]
    assert papers["marked"] == papers["plain"]


@pytest.mark.parametrize(("args", "variables", "message"), [
    (["--out", ""], {}, "argument --out: an empty path; give a file or folder"),
    (["--facts", ""], {}, "argument --facts: an empty path; give a file or folder"),
    (["--wait", "-1"], {}, "argument --wait: '-1' is not a number of seconds (0 or more)"),
    ([], {"BRIEFGEN_WAIT": "soon"}, "$BRIEFGEN_WAIT: 'soon' is not a number of seconds (0 or "
                                    "more)"),
], ids=["empty-out", "empty-facts", "negative-wait", "wait-variable"])
def test_odd_usage_exits_2_naming_the_option(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch, args: list[str],
                                             variables: dict[str, str], message: str) -> None:
    """An empty path would mean the working folder (`--out "$UNSET"` would write the papers
    there); a bad $BRIEFGEN_WAIT is named as the variable, not as an option never given."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as caught:
        main([*args, "--check"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"generate.py: error: {message}"


@pytest.mark.parametrize("target", ["itself", "nowhere"])
def test_an_output_folder_that_is_a_broken_symbolic_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    out = tmp_path / "out"
    out.symlink_to("out" if target == "itself" else tmp_path / "gone" / "briefs")
    status = main(["--facts", str(MINI_FACTS), "--out", str(out), "--lang", "en"])
    assert (status, capsys.readouterr().err) == (1, (
        f"error: {out}: a symbolic link to a folder that does not exist (or to itself); make "
        "that folder or give another with --out\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
