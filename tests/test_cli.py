"""The command line: bad input gets one clear line per problem (file, line, the fix), exit 1
and no traceback (unless --debug); bad usage exits 2; success prints one line per file."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_FACTS, line_of, mini_copy

import briefgen.pipeline as pipeline
from briefgen.cli import main
from briefgen.errors import BriefError, InternalError, shown_path
from briefgen.pipeline import ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """main() on these arguments: (exit status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def errors(err: str) -> list[str]:
    """The error lines of stderr; every line of it must be one."""
    lines = err.splitlines()
    assert lines, "nothing on stderr"
    assert all(line.startswith("error: ") for line in lines), err
    assert "Traceback" not in err
    return lines






def broken_templates(tmp_path: Path, line: int, addition: str) -> tuple[Path, int]:
    """templates/ copied, with `addition` appended to line `line` of full.xml.j2."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    full = templates / "full.xml.j2"
    lines = full.read_text(encoding="utf-8").split("\n")
    lines[line - 1] += addition
    full.write_text("\n".join(lines), encoding="utf-8")
    return templates, line


# --- success ---------------------------------------------------------------------------------

def test_writes_one_line_per_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path, "--lang", "en")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split("  ")[0].rsplit("/", 1)[-1] for line in lines] == [
        "mini.en.pdf", "mini.en.docx"]
    assert " pages, " in lines[0] and lines[0].endswith(" KiB)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.en.docx", "mini.en.pdf"]


def test_check_reports_what_it_checked(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--facts", MINI_FACTS, "--check")
    assert (status, err) == (0, "")
    assert out == ("ok: 9 facts, 2 sources, 13 quotes checked; templates render in every "
                   "language\n")


def test_help_documents_fonts_and_the_wait(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--fonts FONTS" in out and "--wait SECONDS" in out and "BRIEFGEN_WAIT" in out


# --- bad usage: 2 ------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["--lang", "fr"], ["--format", "html"], ["--digits", "roman"], ["--no-such-option"],
    ["stray-argument"], ["--wait", "-1"], ["--wait", "soon"],
])
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "usage: generate.py" in capsys.readouterr().err


# --- bad input: 1, one line per problem -----------------------------------------------------

@pytest.mark.parametrize(("old", "new", "where", "expected"), [
    ("edition = 2\n", "edition = 2 =\n", "edition = 2 =", "TOML syntax error"),
    ('id = "jscd"\ngroup = "event"\n', 'id = "jscd"\n', '|[[facts]]\nid = "jscd"',
     "facts entry has no 'group'; add group"),
    ("edition = 2", 'edition = "one"', 'edition = "one"',
     "edition must be a whole number such as 2, not 'one'"),
    ('speaker = "sudani"', 'speeker = "sudani"', "speeker", "(did you mean 'speaker'?)"),
    ('id = "jscd"', 'id = "hmc-launch"', '|id = "hmc-launch"\ngroup = "event"\ndate = "2023',
     "duplicate id 'hmc-launch'"),
    ('speaker = "sudani"', 'speaker = "sudanii"', "sudanii", "unknown people id 'sudanii'"),
    ('{ source = "analysis", quote = "دعم', '{ source = "analysis-x", quote = "دعم', "analysis-x",
     "unknown sources id 'analysis-x'"),
    ('date = "2024-01-27"\ntext.ar = "صياغة', 'date = "27/01/2024"\ntext.ar = "صياغة',
     "27/01/2024", "'27/01/2024' is not a date"),
    ("(مستوى التهديد الذي يمثله تنظيم داعش)", "(مستوى التهديد الذي يمثله جماعة داعش)", "جماعة",
     "not found in kurdistan-tv; closest passage: «(مستوى التهديد الذي يمثله تنظيم داعش)»"),
    ("The level of the threat", "The level \\u202Eof the threat", "The level ",
     "forbidden character U+202E"),
])
def test_bad_fact_base(capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str,
                       where: str, expected: str) -> None:
    """`where` is unique text of the file; the message names the line of its character after
    "|" (its first character when it has no "|")."""
    facts, text = mini_copy(tmp_path, (old, new))
    status, out, err = run(capsys, "--facts", facts, "--out", tmp_path / "out")
    assert status == 1
    assert out == ""
    [line] = errors(err)
    prefix, _, rest = where.rpartition("|")
    assert text.count(prefix + rest) == 1
    at = text[:text.index(prefix + rest) + len(prefix)].count("\n") + 1
    assert f"facts.toml:{at}: " in line
    assert expected in line
    assert not (tmp_path / "out").exists()


def test_text_missing_the_language_generated(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    facts, text = mini_copy(tmp_path, ('text.en = "The level of the threat posed by ISIS."\n',
                                       ""))
    status, _, err = run(capsys, "--facts", facts, "--out", tmp_path / "out")
    assert status == 1
    [line] = errors(err)
    assert f"facts.toml:{line_of(text, 'text.ar = ' + chr(34) + 'مستوى')}: text has no 'en' " \
           "text; add text.en = \"...\"" in line
    # the Arabic paper alone needs no English
    status, out, err = run(capsys, "--facts", facts, "--out", tmp_path / "out", "--lang", "ar")
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == 2


def test_two_errors_in_one_file_are_both_reported(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    facts, text = mini_copy(tmp_path, ("edition = 2", 'edition = "one"'),
                            ('speaker = "sudani"', 'speeker = "sudani"'))
    status, _, err = run(capsys, "--facts", facts, "--out", tmp_path / "out")
    assert status == 1
    first, second = errors(err)
    assert f"facts.toml:{line_of(text, 'edition = ')}: edition must be" in first
    assert f"facts.toml:{line_of(text, 'speeker')}: unknown key in facts 'speeker'" in second


def test_two_check_errors_are_both_reported(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    facts, _ = mini_copy(tmp_path, ("about 2,500 US troops are in Iraq",
                                    "about 2,600 US troops are in Iraq"),
                         ("(مستوى التهديد الذي يمثله تنظيم داعش)", "مستوى التهديد"))
    status, _, err = run(capsys, "--facts", facts, "--check")
    assert status == 1
    assert len(errors(err)) == 2


@pytest.mark.parametrize(("char", "name"), [
    ("😀", "U+1F600 (GRINNING FACE)"), ("中文", "U+4E2D (CJK UNIFIED IDEOGRAPH-4E2D) (and 1 more)"),
    ("שלום", "U+05E9 (HEBREW LETTER SHIN) (and 3 more)"), ("\\u05D0", "U+05D0 (HEBREW LETTER ALEF)"),
    ("\u061c", "U+061C (ARABIC LETTER MARK)"),
], ids=["emoji", "cjk", "hebrew", "escaped", "arabic-letter-mark"])
def test_a_character_no_font_has_is_refused_by_check_and_build_alike(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, char: str, name: str) -> None:
    facts, text = mini_copy(tmp_path, ("begins its work in Baghdad",
                                       f"begins its work {char} in Baghdad"))
    line = line_of(text, "begins its work")
    expected = [f"error: {shown_path(facts)}:{line}: no font of the papers has the character {name}; remove "
                "it or write it with characters the fonts have (Arabic, Latin)"]
    for args in (["--check"], ["--out", tmp_path / "out"], ["--out", tmp_path / "out",
                                                             "--format", "docx"]):
        status, out, err = run(capsys, "--facts", facts, *args)
        assert (status, out) == (1, "")
        assert errors(err) == expected
    assert not (tmp_path / "out").exists()


def test_a_brief_id_too_long_for_a_file_name(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    facts, text = mini_copy(tmp_path, ('id = "mini"', f'id = "{"a" * 240}"'))
    for args in (["--check"], ["--out", tmp_path / "out"]):
        status, _, err = run(capsys, "--facts", facts, *args)
        assert status == 1
        assert errors(err) == [f"error: {shown_path(facts)}:{line_of(text, 'a' * 240)}: id must "
                               "be at most "
                               "64 characters long, not 240 (it names the papers' files); "
                               "correct the value"]


def test_a_paper_name_too_long_for_a_file_name(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    paper = "p" * 248  # its template's name has 255 bytes, the longest a file name may have
    shutil.copy(templates / "summary.xml.j2", templates / f"{paper}.xml.j2")
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--templates", templates, "--check",
                         "--brief", paper)
    assert status == 1
    at = f"{shown_path(MINI_FACTS)}:{line_of(MINI_FACTS.read_text(), 'id = ')}"
    assert errors(err) == [f"error: {at}: file names would be too long: mini-{'p' * 35}... has "
                           "261 bytes, and a file name may have 255; shorten the brief id or "
                           "the paper's name"]


def test_a_missing_fact_base(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "--facts", tmp_path / "nothing.toml")
    assert status == 1
    [line] = errors(err)
    assert "nothing.toml: cannot read the fact base" in line
    assert "give a readable UTF-8 file with --facts" in line


# --- templates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("addition", "expected"), [
    (" {{ nosuchname }}", "template error: 'nosuchname' is undefined"),
    (" {% for %}", "template syntax error"),
    (" {{ get('facts', 'no-such-fact') }}", "template error"),
    (" {{ 1/0 }}", "template error: ZeroDivisionError: division by zero"),
    (" {% macro loop(n) %}{{ loop(n) }}{% endmacro %}{{ loop(1) }}",
     "template error: a macro or include calls itself without end"),
])
def test_a_template_error_names_the_template_and_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, addition: str, expected: str) -> None:
    templates, line = broken_templates(tmp_path, 15, addition)
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path / "out",
                         "--templates", templates)
    assert status == 1
    [message] = errors(err)
    assert f"full.xml.j2:{line}: {expected}" in message
    assert not (tmp_path / "out").exists()


def test_a_template_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    macros = templates / "parts" / "macros.j2"
    lines = macros.read_bytes().split(b"\n")
    lines[3] = b"\xe9" + lines[3]  # a Latin-1 e-acute at the start of line 4
    macros.write_bytes(b"\n".join(lines))
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--templates", templates, "--check")
    assert status == 1
    assert errors(err) == [f"error: {macros}:4: not UTF-8 text: the byte 0xE9 at column 1 is not "
                           "part of any character; retype it, or save the file as UTF-8"]


def test_no_templates_at_all(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--templates", tmp_path,
                         "--brief", "all", "--out", tmp_path / "out")
    assert status == 1
    assert "no paper templates (*.xml.j2) here" in errors(err)[0]


def test_an_unknown_paper(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--brief", "nosuch",
                         "--out", tmp_path / "out")
    assert status == 1
    assert "no template for the paper 'nosuch'; papers here: full, summary" in errors(err)[0]


# --- fonts and output ----------------------------------------------------------------------

def test_a_missing_font(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (fonts / "NotoNaskhArabic-Bold.ttf").unlink()
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path / "out",
                         "--fonts", fonts)
    assert status == 1
    [line] = errors(err)
    assert "NotoNaskhArabic-Bold.ttf: cannot read font (No such file or directory); restore " \
           "it from the repository" in line


def test_an_unreadable_font(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (fonts / "NotoSerif-Regular.ttf").unlink()
    (fonts / "NotoSerif-Regular.ttf").mkdir()  # unreadable as a file, even for root
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path / "out",
                         "--fonts", fonts)
    assert status == 1
    assert "NotoSerif-Regular.ttf: cannot read font (Is a directory)" in errors(err)[0]


def test_a_damaged_font(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    font = fonts / "NotoSerif-Regular.ttf"
    font.write_bytes(font.read_bytes()[:2000])
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path / "out",
                         "--fonts", fonts)
    assert status == 1
    assert "NotoSerif-Regular.ttf: damaged font (" in errors(err)[0]


def test_an_output_folder_that_cannot_be_written(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path / "plain" / "out")
    assert status == 1
    [line] = errors(err)
    assert line.endswith("plain/out: cannot write the output folder (Not a directory); give a "
                         "writable folder with --out")


# --- internal errors -------------------------------------------------------------------------

def crashing_writer(document, fonts, path: Path) -> int:
    path.write_bytes(b"half")
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pipeline.WRITERS, "docx", crashing_writer)
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path)
    assert status == 1
    assert errors(err) == ["error: internal error in the docx writer: ZeroDivisionError: "
                           "division by zero; run with --debug for the traceback"]
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_traceback_of_an_internal_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pipeline.WRITERS, "docx", crashing_writer)
    with pytest.raises(InternalError) as caught:
        main(["--facts", str(MINI_FACTS), "--out", str(tmp_path), "--debug"])
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    assert list(tmp_path.iterdir()) == []


def test_debug_raises_a_bad_input_error(tmp_path: Path) -> None:
    with pytest.raises(BriefError):
        main(["--facts", str(tmp_path / "nothing.toml"), "--debug"])


def test_an_interrupt(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(document, fonts, path: Path) -> int:
        path.write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setitem(pipeline.WRITERS, "pdf", interrupted)
    status, _, err = run(capsys, "--facts", MINI_FACTS, "--out", tmp_path)
    assert status == 130
    assert errors(err) == ["error: interrupted; the previous papers are kept"]
    assert list(tmp_path.iterdir()) == []


# --- the real program ------------------------------------------------------------------------

def test_generate_py_prints_no_traceback(tmp_path: Path) -> None:
    facts, text = mini_copy(tmp_path, ('date = "2024-01-27"\ntext.ar = "صياغة',
                                       'date = "2024-13"\ntext.ar = "صياغة'))
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--facts", str(facts),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (f"error: mini/facts.toml:{line_of(text, '2024-13')}: date: "
                           "'2024-13': month 13 is not 1-12; write a date of the grammar at the "
                           "top of facts.toml (e.g. \"2024-01-27\", \"2023-08\", "
                           "\"mid-2023-10\")\n")


GENERATE = [sys.executable, str(ROOT / "generate.py"), "--facts", str(MINI_FACTS), "--lang", "en"]


def test_a_closed_standard_output_ends_the_run_quietly(tmp_path: Path) -> None:
    """`generate.py | head -0`: the reader has gone before the first line; the papers are
    written all the same, and nothing is said."""
    run_ = subprocess.Popen([*GENERATE, "--out", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert run_.stdout is not None
    run_.stdout.close()
    _, err = run_.communicate(timeout=60)
    assert (run_.returncode, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.en.docx", "mini.en.pdf"]


def test_a_full_standard_output_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*GENERATE, "--out", str(tmp_path)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, "error: cannot write to standard output (No "
                                              "space left on device); the papers are written\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.en.docx", "mini.en.pdf"]


def test_a_closed_standard_output_or_error(tmp_path: Path) -> None:
    """`generate.py >&-`: the papers are written, nothing is said, status 0 (it was a
    traceback and 1); `2>&-` with an error: status 1, and the error is not put on standard
    output instead."""
    done = subprocess.run([*GENERATE, "--out", str(tmp_path / "out")], stderr=subprocess.PIPE,
                          text=True, preexec_fn=lambda: os.close(1), timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["mini.en.docx",
                                                                     "mini.en.pdf"]
    done = subprocess.run([*GENERATE, "--out", str(tmp_path / "out"), "--wait", "soon!"],
                          stdout=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(2),
                          timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    done = subprocess.run([sys.executable, str(ROOT / "generate.py"), "--facts",
                           str(tmp_path / "nothing.toml")], stdout=subprocess.PIPE, text=True,
                          preexec_fn=lambda: os.close(2), timeout=60)
    assert (done.returncode, done.stdout) == (1, "")


def test_a_folder_name_standard_output_cannot_encode(tmp_path: Path) -> None:
    """An Arabic folder name printed where standard output is ASCII: escaped, as standard
    error escapes it (was: a traceback, status 1, after the papers were written)."""
    out = tmp_path / "موجز"
    done = subprocess.run([*GENERATE, "--out", str(out), "--format", "pdf"], text=True,
                          capture_output=True, env=os.environ | {"PYTHONIOENCODING": "ascii"},
                          timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"{tmp_path}/\\u0645\\u0648\\u062c\\u0632/mini.en.pdf  (")


def test_a_full_disk_while_writing_a_docx_names_the_docx(tmp_path: Path) -> None:
    """The disk fills up (here: a limit on file sizes) in the middle of the DOCX."""
    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run([*GENERATE, "--format", "docx", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, preexec_fn=small_files, timeout=60)
    assert done.returncode == 1
    assert errors(done.stderr) == [f"error: {tmp_path / 'out' / 'mini.en.docx'}: cannot write "
                                   "the DOCX (File too large); free some space or give a "
                                   "writable folder with --out"]
    assert not (tmp_path / "out").exists()


def test_a_working_folder_deleted_before_the_run_is_one_line(tmp_path: Path) -> None:
    """As after `rm -rf` of the folder a terminal stands in: reportlab reads the working
    folder when it is imported, which gave an internal error."""
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run([*GENERATE, "--out", str(tmp_path / "out")], cwd=gone,
                          preexec_fn=gone.rmdir, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, "error: the working folder is gone (No such "
                                              "file or directory); change to a folder that "
                                              "exists (cd) and run again\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_seeds_can_live_elsewhere(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    shutil.copy(MINI_FACTS, facts)  # no seeds/ beside this copy
    status, _, err = run(capsys, "--facts", facts, "--check")
    assert status == 1
    assert errors(err) == [f"error: {tmp_path / 'seeds'}: the seeds' folder not found; give "
                           "the folder of the seed files with --seeds (by default, seeds/ "
                           "beside the fact base)"]  # one line, not one per seed
    status, out, _ = run(capsys, "--facts", facts, "--seeds", MINI_FACTS.parent / "seeds",
                         "--check")
    assert status == 0 and out.startswith("ok: ")
