#!/usr/bin/env python3
"""Where a rebuild's time goes: build() again in one process after a one-paragraph edit of
the fact base (bench/versus_typst.py's edit, saved alternately with the original), stage by
stage (fonts, load, check, records, compose, coverage, record, write <file>, commit).

Side by side, alternating, best of --rounds each:
- `again`: a new Warm for every build, as a single run in a process that has run before
  (modules imported, compiled templates and font subsets in the caches);
- `watch`: one Warm kept, as `generate.py --watch` does, writers in this process, the
  check in the session's check process (briefgen/checkaside.py), garbage collected
  between rebuilds (briefgen/live.py);
- `watch, check here`: the same with the check in this process;
- `watch, forked writers`: one Warm kept, the writers forked (jobs 2), losing what their
  sessions learn.

    python bench/rebuild_stages.py [--facts facts.toml] [--lang ar] [--format pdf] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from children import ROOT
from watch_latency import fact_base_copy

STAGES = ("fonts", "load", "check", "records", "compose", "coverage", "record", "write",
          "commit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "facts.toml")
    parser.add_argument("--lang", default="ar", choices=["ar", "en", "all"])
    parser.add_argument("--format", default="pdf", choices=["pdf", "docx", "all"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from versus_typst import edit_first_paragraph

    from briefgen.checkaside import CheckProcess
    from briefgen.compose.render import compose
    from briefgen.facts.load import load_facts
    from briefgen.live import collect_between
    from briefgen.pipeline import BULK_THRESHOLDS, FORMATS, LANGS, Options, Warm, build, collector_thresholds
    from briefgen.writers.registry import load_writers

    facts = args.facts
    text = facts.read_text(encoding="utf-8")
    base = load_facts(facts)
    edited = edit_first_paragraph(text, base, compose(base, "full", "ar", base.brief.digits,
                                                      ROOT / "templates"))
    langs = LANGS if args.lang == "all" else (args.lang,)
    formats = FORMATS if args.format == "all" else (args.format,)
    load_writers(formats)
    work = Path(tempfile.mkdtemp(prefix="rebuild-stages-"))
    checks = CheckProcess()
    variants = {"again": (None, 1), "watch": (Warm(checks=checks), 1),
                "watch, check here": (Warm(), 1), "watch, forked writers": (Warm(), 2)}
    best: dict[str, tuple[float, dict[str, float]]] = {}
    try:
        copies = {name: fact_base_copy(facts, work / str(n), text)
                  for n, name in enumerate(variants)}
        for name, (warm, jobs) in variants.items():  # the first build of each
            build(Options(facts=copies[name], out=work / f"out{name}", langs=langs,
                          formats=formats, jobs=jobs), warm=warm)
        for n in range(2 * args.rounds):
            for name, (warm, jobs) in variants.items():
                copies[name].write_text(edited if n % 2 == 0 else text, encoding="utf-8")
                if warm is not None:
                    warm.saw({"facts"})
                used = warm or Warm()
                # a session's collector: a build's thresholds, garbage collected between
                with nullcontext() if warm is None else collector_thresholds(BULK_THRESHOLDS):
                    started = time.perf_counter()
                    result = build(Options(facts=copies[name], out=work / f"out{name}",
                                           langs=langs, formats=formats, jobs=jobs), warm=used)
                    total = time.perf_counter() - started
                    if warm is not None:
                        collect_between(n + 1)
                assert result.written, "the edit rewrote nothing"
                if name not in best or total < best[name][0]:
                    best[name] = (total, dict(used.stages))
    finally:
        checks.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"rebuild after a one-paragraph edit, {'+'.join(langs)} {'+'.join(formats)}, "
          f"best of {args.rounds} edits and {args.rounds} undos (ms):")
    names = [s for s in best["again"][1] if not s.startswith("write ")]
    names += sorted({s for _, stages in best.values() for s in stages if s.startswith("write ")})
    print(f"  {'stage':<34}" + "".join(f"{name:>24}" for name in best))
    for stage in sorted(names, key=lambda s: (STAGES.index(s.split()[0]), s)):
        print(f"  {stage:<34}" + "".join(
            f"{1000 * stages.get(stage, 0.0):>24.1f}" for _, stages in best.values()))
    print(f"  {'total (build())':<34}" + "".join(f"{1000 * total:>24.1f}"
                                               for total, _ in best.values()))


if __name__ == "__main__":
    main()
