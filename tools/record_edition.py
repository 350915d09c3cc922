"""Record an edition from the repository's history: a commit's fact base and templates ->
briefs/records/edition-N.json, as `make brief` would have written it then.

    python tools/record_edition.py --rev a26cc4e \\
        --patch tools/records/edition-1-refs.patch --out briefs/records/edition-1.json

A record ties each block of the papers to the fact-base record it shows (ref="facts:<id>"),
markup that templates older than the records lack. --patch adds it to the commit's
templates (tools/records/edition-1-refs.patch: the ref attributes of today's templates on
those of a26cc4e, the last edition-1 commit, and nothing else). Faithfulness is checked,
not assumed: the papers are composed from the commit's templates as they were and from the
patched ones, and the record is written only when the two agree block for block, refs
aside: the record then holds what the edition printed. Papers are composed in the fact
base's digits, as the pipeline records them. Needs git; prints the record's path and size.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefgen.compose.render import compose, paper_names  # noqa: E402
from briefgen.editions.record import make_record, record_bytes  # noqa: E402
from briefgen.facts.load import load_facts  # noqa: E402
from briefgen.model import Document, Heading, ListBlock, Paragraph, Table  # noqa: E402

LANGS = ("ar", "en")


def checkout(rev: str, into: Path) -> None:
    """The fact base, seeds and templates of commit `rev`, extracted into `into`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "facts.toml", "seeds",
                              "templates"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def papers(folder: Path) -> dict[str, dict[str, Document]]:
    """Every paper of the folder's templates, in both languages and the base's digits."""
    base = load_facts(folder / "facts.toml")
    templates = folder / "templates"
    return {paper: {lang: compose(base, paper, lang, base.brief.digits, templates)
                    for lang in LANGS} for paper in paper_names(templates)}


def without_refs(document: Document) -> Document:
    """The document with every ref dropped: what a reader sees of it."""
    blocks = []
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph):
            block = dataclasses.replace(block, ref=None)
        elif isinstance(block, ListBlock | Table):
            block = dataclasses.replace(block, refs=[])
        blocks.append(block)
    return dataclasses.replace(document, blocks=blocks)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", required=True, help="the commit of the edition")
    parser.add_argument("--patch", type=Path, help="a patch adding ref markup to its templates")
    parser.add_argument("--out", type=Path, required=True, help="the record to write")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        checkout(args.rev, tree)
        printed = papers(tree)
        if args.patch:
            subprocess.run(["git", "apply", "-p1", str(args.patch.resolve())], cwd=tree, check=True)
        recorded = papers(tree)
        for paper, by_lang in printed.items():
            for lang, document in by_lang.items():
                if without_refs(recorded[paper][lang]) != document:
                    print(f"error: the patched templates print another {paper} paper ({lang}) "
                          f"than those of {args.rev}; the patch may add refs only",
                          file=sys.stderr)
                    return 1
        data = record_bytes(make_record(load_facts(tree / "facts.toml"), recorded))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}  ({len(data) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
