"""build(): nothing is lost. Every file is written to a temporary file beside its place and
renamed into place only when all are complete; on any failure the previous edition stays
byte for byte and no temporary file is left behind."""

from __future__ import annotations

import errno
import gc
import os
import re
import shutil
import signal
import stat
from pathlib import Path

import pytest
from conftest import MINI_FACTS

import briefgen.pipeline as pipeline
from briefgen.editions.record import read_record
from briefgen.errors import BriefError, FontError, InputError, InternalError, OutputError
from briefgen.interrupts import SIGNALS
from briefgen.pipeline import ROOT, Options, build, composed_papers

NAMES = ["mini.ar.docx", "mini.ar.pdf", "mini.en.docx", "mini.en.pdf"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder (hidden ones included) by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def edition(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """An out folder holding a previous edition of the fixture: (folder, its files)."""
    out = tmp_path / "briefs"
    result = build(Options(facts=MINI_FACTS, out=out))
    assert sorted(w.path.name for w in result.written) == NAMES
    return out, snapshot(out)


def half_way(exc: BaseException):
    """A writer that writes part of a file, then fails with `exc`."""
    def writer(document, fonts, path: Path) -> int:
        path.write_bytes(b"PK\x03\x04 half a file")
        raise exc
    return writer


@pytest.mark.parametrize("exc", [
    RuntimeError("boom"),
    OutputError("disk went away"),
    OSError(errno.ENOSPC, "No space left on device"),
    KeyError("oops"),
], ids=["bug", "brief-error", "disk-full", "key-error"])
def test_a_writer_failing_half_way_keeps_the_previous_edition(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        exc: Exception) -> None:
    out, before = edition
    monkeypatch.setitem(pipeline.WRITERS, "docx", half_way(exc))
    with pytest.raises((BriefError, InternalError)):
        build(Options(facts=MINI_FACTS, out=out))
    assert snapshot(out) == before  # same names (no temporary file), same bytes


def test_an_unexpected_writer_error_names_the_writer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pipeline.WRITERS, "docx", half_way(RuntimeError("boom")))
    with pytest.raises(InternalError) as caught:
        build(Options(facts=MINI_FACTS, out=tmp_path / "out"))
    assert str(caught.value) == "internal error in the docx writer: RuntimeError: boom"
    assert isinstance(caught.value.__cause__, RuntimeError)  # the traceback for --debug
    assert not (tmp_path / "out").exists()  # a failed first edition leaves no folder


def dies(document, fonts, path: Path) -> int:
    """A writer whose process ends half way, as the out-of-memory killer ends it: no
    exception, no report."""
    path.write_bytes(b"%PDF half a file")
    os._exit(9)


def test_a_writer_process_that_dies_keeps_the_previous_edition(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edition
    monkeypatch.setitem(pipeline.WRITERS, "pdf", dies)
    with pytest.raises(InternalError, match=r"pdf writer: .*ended with status 9"):
        build(Options(facts=MINI_FACTS, out=out, jobs=2))
    assert snapshot(out) == before


def test_a_full_disk_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pipeline.WRITERS, "pdf",
                        half_way(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OutputError, match=r"mini\.ar\.pdf: cannot write \(No space left on "
                                          r"device\); free some space"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()  # a failed first edition leaves no folder


def test_an_interrupt_leaves_no_temporary_file(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edition
    monkeypatch.setitem(pipeline.WRITERS, "pdf", half_way(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(Options(facts=MINI_FACTS, out=out))
    assert snapshot(out) == before


def test_a_writer_that_writes_nothing_is_an_internal_error(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edition
    monkeypatch.setitem(pipeline.WRITERS, "docx", lambda document, fonts, path: None)
    with pytest.raises(InternalError, match="docx writer: RuntimeError: it wrote nothing"):
        build(Options(facts=MINI_FACTS, out=out))
    assert snapshot(out) == before


def test_a_failed_rename_puts_back_the_files_already_renamed(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = edition
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst) -> None:
        if str(src).endswith(".tmp"):
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(errno.EIO, "Input/output error", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", flaky_replace)
    with pytest.raises(OutputError, match=r"cannot put the new file in place \(Input/output "
                                          r"error\); the previous papers are kept"):
        build(Options(facts=MINI_FACTS, out=out))
    assert len(calls) == 3
    assert snapshot(out) == before


def test_a_failed_rename_of_a_first_edition_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", flaky_replace)
    with pytest.raises(OutputError):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()  # a failed first edition leaves no folder


def test_bad_input_touches_nothing(edition: tuple[Path, dict[str, bytes]],
                                   tmp_path: Path) -> None:
    out, before = edition
    bad = tmp_path / "bad"
    shutil.copytree(MINI_FACTS.parent, bad)
    facts = bad / "facts.toml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("edition = 2", "edition = 2 ="),
                     encoding="utf-8")
    with pytest.raises(InputError):
        build(Options(facts=facts, out=out))
    assert snapshot(out) == before


def test_a_template_error_touches_nothing(edition: tuple[Path, dict[str, bytes]],
                                          tmp_path: Path) -> None:
    out, before = edition
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    full = templates / "full.xml.j2"
    full.write_text(full.read_text(encoding="utf-8") + "{{ nosuchname }}\n", encoding="utf-8")
    with pytest.raises(InputError, match="nosuchname"):
        build(Options(facts=MINI_FACTS, out=out, templates=templates))
    assert snapshot(out) == before


def test_new_files_are_readable_like_any_other_file(tmp_path: Path) -> None:
    """Not the 0600 of a temporary file: the mode an ordinary new file gets (umask)."""
    mask = os.umask(0o022)
    try:
        result = build(Options(facts=MINI_FACTS, out=tmp_path / "out", formats=("pdf",),
                               langs=("en",)))
    finally:
        os.umask(mask)
    assert stat.S_IMODE(result.written[0].path.stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_mode(edition: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = edition
    (out / "mini.en.pdf").chmod(0o640)
    build(Options(facts=MINI_FACTS, out=out, formats=("pdf",), langs=("en",)))
    assert stat.S_IMODE((out / "mini.en.pdf").stat().st_mode) == 0o640


def test_a_folder_where_a_file_goes(edition: tuple[Path, dict[str, bytes]]) -> None:
    out, _ = edition
    (out / "mini.en.pdf").unlink()
    (out / "mini.en.pdf").mkdir()
    before = snapshot_all(out)
    with pytest.raises(OutputError, match=r"mini\.en\.pdf: a folder stands where the file goes"):
        build(Options(facts=MINI_FACTS, out=out))
    assert snapshot_all(out) == before


def snapshot_all(folder: Path) -> dict[str, bytes | None]:
    return {p.name: p.read_bytes() if p.is_file() else None for p in folder.iterdir()}


def test_an_output_folder_beneath_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    with pytest.raises(OutputError, match=r"plain/out: cannot write the output folder \(Not a "
                                          r"directory\); give a writable folder with --out"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "plain" / "out"))


def test_a_missing_font_stops_before_any_work(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (fonts / "NotoSerif-Bold.ttf").unlink()
    with pytest.raises(FontError, match=r"NotoSerif-Bold\.ttf: cannot read font \(No such file"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", fonts=fonts))
    assert not (tmp_path / "out").exists()


def test_a_damaged_font_is_a_font_error(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    damaged = fonts / "NotoNaskhArabic-Regular.ttf"
    damaged.write_bytes(damaged.read_bytes()[:3000])
    with pytest.raises(FontError, match=r"NotoNaskhArabic-Regular\.ttf: damaged font .*restore "
                                        r"it from the repository"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", fonts=fonts))
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_a_font(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    (fonts / "NotoSerif-Italic.ttf").write_text("not a font", encoding="utf-8")
    with pytest.raises(FontError, match=r"NotoSerif-Italic\.ttf: not a TrueType"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", fonts=fonts))


def test_check_only_writes_nothing(tmp_path: Path) -> None:
    result = build(Options(facts=MINI_FACTS, out=tmp_path / "out", check_only=True))
    assert result.written == []
    assert (result.report.facts, result.report.sources, result.report.quotes) == (9, 2, 13)
    assert not (tmp_path / "out").exists()


def test_an_unknown_paper(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nosuch\.xml\.j2: no template for the paper 'nosuch'; "
                                         r"papers here: full, summary"):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", papers=("nosuch",)))


def test_the_collector_runs_less_often_while_building_and_as_before_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []

    def writer(document, fonts, path: Path) -> int:
        seen.append(gc.get_threshold())
        path.write_bytes(b"%PDF-1.4 written")
        return 1

    monkeypatch.setitem(pipeline.WRITERS, "pdf", writer)
    before = gc.get_threshold()
    build(Options(facts=MINI_FACTS, out=tmp_path / "out", formats=("pdf",), jobs=1))
    assert seen == [pipeline.BULK_THRESHOLDS] * 2  # both languages
    assert gc.get_threshold() == before
    with pytest.raises(InputError):  # restored on failure too
        build(Options(facts=tmp_path / "missing.toml", out=tmp_path / "out"))
    assert gc.get_threshold() == before


# --- one date policy: the edition date, in both formats, whatever the environment says ----------

def metadata_dates(folder: Path) -> dict[str, list[str]]:
    """The creation and modification dates each file of the folder declares."""
    import zipfile

    import pypdfium2 as pdfium

    found = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".pdf":
            pdf = pdfium.PdfDocument(str(path))
            meta = pdf.get_metadata_dict()
            pdf.close()
            found[path.name] = [meta["CreationDate"], meta["ModDate"]]
        else:
            with zipfile.ZipFile(path) as archive:
                core = archive.read("docProps/core.xml").decode()
            found[path.name] = re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)
    return found


@pytest.mark.parametrize("epoch", [None, "1700000000"], ids=["unset", "SOURCE_DATE_EPOCH"])
def test_both_formats_carry_the_edition_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             epoch: str | None) -> None:
    """The fixture's edition_date is 2026-11-22; SOURCE_DATE_EPOCH (2023-11-14) is ignored:
    no date ever comes from the clock or the environment."""
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(Options(facts=MINI_FACTS, out=tmp_path / "out", langs=("en",)))
    assert metadata_dates(tmp_path / "out") == {
        "mini.en.docx": ["2026-11-22T00:00:00Z"] * 2,
        "mini.en.pdf": ["D:20261122000000+00'00'"] * 2}


def test_source_date_epoch_changes_no_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(Options(facts=MINI_FACTS, out=tmp_path / "unset", langs=("en",), formats=("pdf",)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(Options(facts=MINI_FACTS, out=tmp_path / "set", langs=("en",), formats=("pdf",)))
    assert (tmp_path / "set" / "mini.en.pdf").read_bytes() == (
        tmp_path / "unset" / "mini.en.pdf").read_bytes()


# --- re-entrant: a long-lived process can build again and again --------------------------------

def test_build_sets_back_what_it_changes_in_the_process(tmp_path: Path) -> None:
    handlers = {signum: signal.getsignal(signum) for signum in SIGNALS}
    descriptors = len(os.listdir("/proc/self/fd"))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    for _ in range(2):
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", langs=("en",)))
    with pytest.raises(InputError):
        build(Options(facts=tmp_path / "missing.toml", out=tmp_path / "out"))
    assert {signum: signal.getsignal(signum) for signum in SIGNALS} == handlers
    assert len(os.listdir("/proc/self/fd")) == descriptors
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["mini.en.docx", "mini.en.pdf"]


def test_a_character_no_font_has_in_the_templates_wording(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    strings = templates / "strings.toml"
    text = strings.read_text(encoding="utf-8")
    first_en = next(line for line in text.splitlines() if line.startswith("en = \""))
    strings.write_text(text.replace(first_en, first_en[:-1] + " ✓\"", 1), encoding="utf-8")
    line = text.splitlines().index(first_en) + 1
    with pytest.raises(InputError) as caught:
        build(Options(facts=MINI_FACTS, out=tmp_path / "out", templates=templates,
                      check_only=True))
    assert str(caught.value).endswith(f"strings.toml:{line}: no font of the papers has the "
                                      "character U+2713 (CHECK MARK); remove it or write it "
                                      "with characters the fonts have (Arabic, Latin)")


def test_composed_papers_are_the_papers_the_build_recorded() -> None:
    """composed_papers() (what readers of the files compare them with) composes as build()
    does: the committed edition's papers, "Changes since" section included, as its record
    holds them."""
    record = read_record(ROOT / "briefs" / "records" / "iraq-coalition-future.edition-2.json")
    papers = composed_papers(Options(out=ROOT / "briefs", papers=("full", "summary")))
    assert papers == {(paper, lang): document for paper, by_lang in record.papers.items()
                      for lang, document in by_lang.items()}


# --- a run that writes one file: its writer forked as the run starts (writing.ReadyWriter) ----

ONE_FILE = {"langs": ("en",), "formats": ("pdf",), "jobs": 2}


def children() -> set[int]:
    """The processes this one has forked that have not been reaped."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_a_run_of_one_file_loads_its_writer_in_the_writer_process_only(tmp_path: Path) -> None:
    """The PDF writer's modules (some 30 ms to import) load in the ready writer while this
    process loads and composes, and the file is the one a writer in this process writes."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefgen.pipeline import Options, build\n"
        f"build(Options(facts=Path({str(MINI_FACTS)!r}), out=Path({str(tmp_path / 'out')!r}),"
        " langs=('en',), formats=('pdf',), jobs=2))\n"
        "print('briefgen.writers.pdf.document' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"
    build(Options(facts=MINI_FACTS, out=tmp_path / "here", **{**ONE_FILE, "jobs": 1}))
    assert (tmp_path / "out" / "mini.en.pdf").read_bytes() == (
        tmp_path / "here" / "mini.en.pdf").read_bytes()


@pytest.mark.parametrize(("writer", "raised", "message"), [
    (half_way(OSError(errno.ENOSPC, "No space left on device")), OutputError,
     r"mini\.en\.pdf: cannot write \(No space left on device\); free some space"),
    (half_way(RuntimeError("boom")), InternalError,
     "^internal error in the pdf writer: RuntimeError: boom$"),
    (dies, InternalError, r"pdf writer: .*ended with status 9"),
    (half_way(KeyboardInterrupt()), KeyboardInterrupt, None),
], ids=["disk-full", "bug", "dies", "interrupt"])
def test_the_ready_writers_failure_is_raised_as_a_writers_here_and_keeps_the_edition(
        edition: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        writer: object, raised: type[BaseException], message: str | None) -> None:
    out, before = edition
    running = children()
    monkeypatch.setitem(pipeline.WRITERS, "pdf", writer)
    with pytest.raises(raised, match=message):
        build(Options(facts=MINI_FACTS, out=out, **ONE_FILE))
    assert snapshot(out) == before
    assert children() <= running  # the writer's process is gone


def test_a_run_of_one_file_that_fails_before_writing_ends_its_ready_writer(
        tmp_path: Path) -> None:
    running = children()
    with pytest.raises(InputError):
        build(Options(facts=tmp_path / "missing.toml", out=tmp_path / "out", **ONE_FILE))
    assert children() <= running
    assert not (tmp_path / "out").exists()


def test_a_ready_writers_time_is_the_builds_writing_stage(tmp_path: Path) -> None:
    warm = pipeline.Warm(single=True)
    build(Options(facts=MINI_FACTS, out=tmp_path / "out", **ONE_FILE), warm=warm)
    assert 0 < warm.stages["write mini.en.pdf"] <= warm.stages["write"]
