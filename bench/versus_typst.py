"""Our generator against Typst 0.15 (PyPI's `typst`, a bench-only dependency), side by side
in one bench run, on the same paper: the Arabic full paper composed from the fact base,
handed to Typst as the equivalent document bench/typst_paper.py writes.

- cold: `generate.py --lang ar --format pdf` as a new process against a new process that
  imports typst and compiles the paper to its PDF; run alternately, best of each;
- warm edit: in one process that has compiled the paper once, the first paragraph's text
  changes (the source written to a temporary file and renamed over the old, as an editor
  saves), Typst compiles it again and writes its PDF: from the rename to the PDF written;
- our watch latency after the same edit made to the fact base (bench/watch_latency.py),
  Typst's rounds and ours alternating; skipped, with a line saying so, while generate.py
  has no --watch;
- page counts of both, which must agree within 10%.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

from children import ROOT, Run, run_child
from watch_latency import OurWatch, fact_base_copy, has_watch, save_by_rename

TARGET_COLD_RATIO = 0.90  # our process / Typst's
TARGET_WATCH_RATIO = 1.0  # our watch latency / Typst's warm edit and write
PAGE_TOLERANCE = 0.10
EDIT = " بحسب المصادر المفتوحة"  # added to the first paragraph's fact, before its full stop

TYPST_COMPILE = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                 "font_paths=[sys.argv[3]], ignore_system_fonts=True)")


def typst_version() -> str | None:
    """The installed typst package's version; None when it is not installed."""
    try:
        return metadata.version("typst")
    except metadata.PackageNotFoundError:
        return None


# --------------------------------------------------------------------------- the inputs


@dataclass
class Inputs:
    """Both sides' inputs: the fact base before and after the edit (each in a folder beside
    a `seeds` link), and the Typst source of each paper, the Arabic one edited too."""

    facts: Path
    facts_text: str
    edited_text: str
    typst: dict[str, Path]  # lang -> .typ of the paper
    typst_edited: Path  # the Arabic paper after the edit


def prepare(facts: Path, work: Path) -> Inputs:
    """Compose both papers of `facts`, make the edit, write every source into `work`."""
    sys.path.insert(0, str(ROOT))
    from typst_paper import write_typst

    from briefgen.compose.render import compose
    from briefgen.facts.load import load_facts
    from briefgen.pipeline import Options, build

    templates = ROOT / "templates"
    base = load_facts(facts)
    papers = {lang: compose(base, "full", lang, base.brief.digits, templates)
              for lang in ("ar", "en")}
    text = facts.read_text(encoding="utf-8")
    edited = edit_first_paragraph(text, base, papers["ar"])
    edited_facts = fact_base_copy(facts, work / "edited", edited)
    build(Options(facts=edited_facts, check_only=True))  # the edit keeps the base valid
    edited_base = load_facts(edited_facts)
    work.mkdir(parents=True, exist_ok=True)
    sources = {lang: write_typst(doc, work / f"paper.{lang}.typ") for lang, doc in papers.items()}
    after = compose(edited_base, "full", "ar", edited_base.brief.digits, templates)
    return Inputs(facts, text, edited, sources, write_typst(after, work / "paper.ar.edited.typ"))


def edit_first_paragraph(text: str, base: Any, document: Any) -> str:
    """The fact base's text with EDIT added to the Arabic statement of the fact that the
    paper's first body paragraph states."""
    from briefgen.model import Paragraph, plain_text
    from briefgen.text.numerals import to_style

    first = next(plain_text(b.inlines) for b in document.blocks
                 if isinstance(b, Paragraph) and b.role == "body")
    fact = next(f for f in base.facts
                if to_style(f.text.ar, document.digits).rstrip(".") in first)
    block = re.search(rf'^id\s*=\s*"{re.escape(fact.id)}"[ \t]*$(.*?)^text\.ar\s*=\s*"([^\n]*)"[ \t]*$',
                      text, re.M | re.S)
    if block is None:
        raise RuntimeError(f"no text.ar line for the fact {fact.id!r}")
    statement = block.group(2)
    changed = (statement[:-1] + EDIT + "." if statement.endswith(".") else statement + EDIT)
    return text[:block.start(2)] + changed + text[block.end(2):]


# --------------------------------------------------------------------------- cold


@dataclass
class Cold:
    """Best of the alternating cold runs of each side, and their PDFs' page counts."""

    ours: Run
    typst: Run
    runs: int
    ours_pages: dict[str, int | None] = field(default_factory=dict)
    typst_pages: dict[str, int | None] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.ours.wall_s / self.typst.wall_s


def typst_argv(source: Path, pdf: Path) -> list[str]:
    return [sys.executable, "-c", TYPST_COMPILE, str(source), str(pdf), str(ROOT / "fonts")]


def measure_cold(inputs: Inputs, work: Path, runs: int) -> Cold:
    """Our Arabic PDF process and Typst's, alternately, best of `runs` each."""
    ours_argv = [sys.executable, str(ROOT / "generate.py"), "--lang", "ar", "--format", "pdf",
                 "--out", str(work / "ours")]
    if inputs.facts.resolve() != (ROOT / "facts.toml").resolve():
        ours_argv += ["--facts", str(inputs.facts)]
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(run_child(ours_argv))
        theirs.append(run_child(typst_argv(inputs.typst["ar"], work / "typst.ar.pdf")))
    return Cold(min(ours, key=lambda r: r.wall_s), min(theirs, key=lambda r: r.wall_s), runs)


def typst_pages(inputs: Inputs, work: Path, count_pages: Any) -> dict[str, int | None]:
    """The page count of Typst's PDF of each paper (the Arabic one from the cold runs)."""
    pages = {"ar": count_pages(work / "typst.ar.pdf")}
    for lang, source in inputs.typst.items():
        if lang not in pages:
            run_child(typst_argv(source, work / f"typst.{lang}.pdf"))
            pages[lang] = count_pages(work / f"typst.{lang}.pdf")
    return pages


def pages_agree(ours: int | None, theirs: int | None) -> bool:
    """True when both counts are known and within PAGE_TOLERANCE of ours."""
    return bool(ours and theirs) and abs(theirs - ours) <= PAGE_TOLERANCE * ours


# --------------------------------------------------------------------------- warm


class TypstWarm:
    """A process that keeps a typst.Compiler warm and times an edit when asked (its
    protocol: a line in, one JSON line out)."""

    def __init__(self, inputs: Inputs, work: Path):
        spec = {"sources": [str(inputs.typst_edited), str(inputs.typst["ar"])],
                "main": str(work / "warm" / "paper.typ"), "pdf": str(work / "warm" / "paper.pdf"),
                "fonts": str(ROOT / "fonts")}
        self.proc = subprocess.Popen([sys.executable, __file__, json.dumps(spec)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.first_s = self._answer()["seconds"]

    def _answer(self) -> dict[str, Any]:
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise RuntimeError("the warm Typst process ended unexpectedly")
        return json.loads(line)

    def edit(self) -> float:
        """Seconds from the rename of the edited source to Typst's PDF written."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("edit\n")
        self.proc.stdin.flush()
        answer = self._answer()
        if not answer["changed"]:
            raise RuntimeError("Typst's PDF did not change after the edit")
        return answer["seconds"]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


def typst_warm_child(spec: dict[str, Any]) -> None:
    """The warm process: compile once, then per line of input save the other source over
    the main file and compile it to the same PDF, printing the time."""
    import typst

    main, pdf = Path(spec["main"]), Path(spec["pdf"])
    main.parent.mkdir(parents=True, exist_ok=True)
    sources = [Path(s).read_text(encoding="utf-8") for s in spec["sources"]]
    main.write_text(sources[1], encoding="utf-8")
    compiler = typst.Compiler(str(main), font_paths=[spec["fonts"]], ignore_system_fonts=True)
    started = time.perf_counter()
    compiler.compile(output=str(pdf))
    print(json.dumps({"seconds": time.perf_counter() - started}), flush=True)
    before = pdf.read_bytes()
    for n, _ in enumerate(sys.stdin):
        started = save_by_rename(main, sources[n % 2])
        compiler.compile(output=str(pdf))
        seconds = time.perf_counter() - started
        after = pdf.read_bytes()
        print(json.dumps({"seconds": seconds, "changed": after != before}), flush=True)
        before = after


# --------------------------------------------------------------------------- our watch


@dataclass
class Warm:
    """Typst's warm edit-and-write and our watch latency, per round (seconds)."""

    typst_first_s: float
    typst: list[float]
    ours: list[float] = field(default_factory=list)
    ours_reported: list[float] = field(default_factory=list)
    skipped: str = ""

    @property
    def ratio(self) -> float | None:
        return min(self.ours) / min(self.typst) if self.ours and self.typst else None


def measure_warm(inputs: Inputs, work: Path, rounds: int) -> Warm:
    """Alternating rounds of Typst's warm edit and of our watch's rebuild after the same
    edit (ours skipped while generate.py has no --watch)."""
    typst = TypstWarm(inputs, work)
    ours = OurWatch(inputs.facts, (inputs.edited_text, inputs.facts_text), work) \
        if has_watch() else None
    warm = Warm(typst.first_s, [],
                skipped="" if ours else "generate.py has no --watch yet")
    try:
        for _ in range(rounds):
            warm.typst.append(typst.edit())
            if ours:
                latency, reported = ours.edit()
                warm.ours.append(latency)
                warm.ours_reported.append(reported)
    finally:
        typst.close()
        if ours:
            ours.close()
    return warm


# --------------------------------------------------------------------------- the report


def report(cold: Cold, warm: Warm, version: str) -> list[str]:
    """The comparison's lines, then its target lines (PASS/FAIL/SKIP)."""
    lines = [f"versus Typst {version}, same Arabic paper (composed from the fact base; "
             "fonts/ only):"]
    for lang in ("ar", "en"):
        lines.append(f"  pages {lang}: ours {cold.ours_pages.get(lang)}, Typst "
                     f"{cold.typst_pages.get(lang)}")
    lines.append(f"  cold process, best of {cold.runs} alternating: generate.py --lang ar "
                 f"--format pdf {cold.ours.wall_s:.3f} s (cpu {cold.ours.cpu_s:.3f}), Typst "
                 f"{cold.typst.wall_s:.3f} s (cpu {cold.typst.cpu_s:.3f}); ours/Typst "
                 f"{cold.ratio:.2f}")
    lines.append(f"  warm edit of the first paragraph, rename to PDF written: Typst best "
                 f"{min(warm.typst):.4f} s, median {median(warm.typst):.4f} s of "
                 f"{len(warm.typst)} (its first compile {warm.typst_first_s:.3f} s)")
    if warm.ours:
        lines.append(f"  our watch, rename of facts.toml to rename of the last file: best "
                     f"{min(warm.ours):.4f} s, median {median(warm.ours):.4f} s (the watcher "
                     f"says {min(warm.ours_reported) * 1000:.1f} ms at best)")
    else:
        lines.append(f"  our watch: not measured: {warm.skipped}")
    return lines


def targets(cold: Cold, warm: Warm) -> list[tuple[bool | None, str]]:
    """(met, text) of each target of the comparison; met None when not measured."""
    out: list[tuple[bool | None, str]] = []
    for lang in ("ar", "en"):
        ours, theirs = cold.ours_pages.get(lang), cold.typst_pages.get(lang)
        out.append((pages_agree(ours, theirs), f"Typst's page count within "
                    f"{PAGE_TOLERANCE:.0%} of ours ({lang}): {theirs} / {ours}"))
    out.append((cold.ratio <= TARGET_COLD_RATIO, f"our Arabic PDF process / Typst's: "
                f"{cold.ratio:.2f} (target <= {TARGET_COLD_RATIO:.2f})"))
    if warm.ratio is None:
        out.append((None, f"our watch latency / Typst's warm edit-and-write: not measured "
                    f"({warm.skipped})"))
    else:
        out.append((warm.ratio <= TARGET_WATCH_RATIO, f"our watch latency / Typst's warm "
                    f"edit-and-write: {warm.ratio:.2f} (target <= {TARGET_WATCH_RATIO:.1f})"))
    return out


def figures(cold: Cold, warm: Warm, version: str) -> dict[str, Any]:
    """The comparison for the bench's JSON."""
    return {"typst": version, "cold_runs": cold.runs,
            "ours_cold_s": cold.ours.wall_s, "typst_cold_s": cold.typst.wall_s,
            "cold_ratio": cold.ratio, "ours_pages": cold.ours_pages,
            "typst_pages": cold.typst_pages, "typst_warm_s": warm.typst,
            "typst_first_compile_s": warm.typst_first_s, "ours_watch_s": warm.ours,
            "ours_watch_reported_s": warm.ours_reported, "watch_ratio": warm.ratio,
            "watch_skipped": warm.skipped or None}


def compare(facts: Path, work: Path, runs: int, ours_pages: dict[str, int | None],
            count_pages: Callable[[Path], int | None]
            ) -> tuple[list[tuple[bool | None, str]], dict[str, Any] | None]:
    """Run the comparison and print it; its targets, and its figures for the JSON (None
    when Typst is not installed: `make bench` installs bench/requirements.txt)."""
    version = typst_version()
    if version is None:
        print("Typst not installed (pip install -r bench/requirements.txt): the comparison "
              "with Typst is skipped")
        return [(None, "versus Typst: not measured (typst not installed)")], None
    print(f"... Typst {version}: cold runs, then warm edits", file=sys.stderr, flush=True)
    inputs = prepare(facts, work)
    cold = measure_cold(inputs, work, runs)
    cold.ours_pages = dict(ours_pages)
    cold.typst_pages = typst_pages(inputs, work, count_pages)
    warm = measure_warm(inputs, work, max(runs, 3))
    for line in report(cold, warm, version):
        print(line)
    print(f"  (load average {os.getloadavg()[0]:.2f} after these runs)")
    return targets(cold, warm), figures(cold, warm, version)


if __name__ == "__main__":  # the warm Typst process (see TypstWarm)
    typst_warm_child(json.loads(sys.argv[1]))
