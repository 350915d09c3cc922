"""Print, per reader, what a PDF written by the generator gives back:

    .venv/bin/python tests/readers/report.py briefs/iraq-coalition-future.ar.pdf [...]
        [--facts tests/fixtures/mini/facts.toml] [--digits western]

The paper is named by the file (`<brief-id>[-<paper>].<lang>.pdf`) and composed from the
fact base. Figures: share of Arabic presentation forms; occurrences found by a plain search
for the paper's 50 most frequent words and for its words with harakat; statements (facts,
key judgments, open questions) found in logical word order; bracket pairs read logically
and mirrored; harakat detached from a letter; and for the Arabic papers the find bars'
match counts (pdf.js, PDFium) against the model's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]

from readers.figures import FIND_ENGINES, find_counts, reader_figures  # noqa: E402
from readers.paper import FACTS, paper_of  # noqa: E402
from readers.reading import READERS  # noqa: E402

COLUMNS = ("presentation", "frequent", "harakat_words", "in_order", "brackets", "mirrored",
           "detached")


def report(path: Path, facts: Path, digits: str | None, verbose: bool) -> None:
    """Print the figures of one file."""
    paper = paper_of(path, facts, digits)
    print(f"{path} ({paper.name}, {paper.lang}; {len(paper.statements)} statements)")
    print(f"  {'reader':15}" + "".join(f"{c:>15}" for c in COLUMNS))
    for reader in READERS:
        figures = reader_figures(reader, path, paper)
        print(f"  {reader:15}" + "".join(f"{getattr(figures, c)!s:>15}" for c in COLUMNS))
        if verbose and figures.missing_words:
            print("    words not all found:", "; ".join(figures.missing_words[:30]))
        if verbose and figures.not_in_order:
            print("    not in order:", ", ".join(figures.not_in_order[:40]))
    if paper.lang == "ar":
        for engine in FIND_ENGINES:
            counts = find_counts(paper, path, engine)
            right = sum(got == want for got, want in counts.values())
            print(f"  find {engine}: {right}/{len(counts)} queries give the model's count: "
                  + "، ".join(f"{q} {got}/{want}" for q, (got, want) in counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--facts", type=Path, default=FACTS)
    parser.add_argument("--digits", choices=("arabic-indic", "western"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list what is missing")
    args = parser.parse_args()
    for path in args.pdf:
        report(path.resolve(), args.facts.resolve(), args.digits, args.verbose)


if __name__ == "__main__":
    main()
