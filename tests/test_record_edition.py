"""tools/record_edition.py: the committed record of edition 1 is what edition 1 printed. The
tool rebuilds it from commit a26cc4e (its fact base and templates, the ref markup added by
tools/records/edition-1-refs.patch), after checking that the patched templates print the
same papers as the commit's own, and the bytes must be those committed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.pipeline import ROOT

REV = "a26cc4e"
RECORD = ROOT / "briefs" / "records" / "iraq-coalition-future.edition-1.json"


@pytest.fixture(autouse=True)
def history() -> None:
    found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{REV}^{{commit}}"],
                           capture_output=True)
    if found.returncode != 0:
        pytest.skip(f"the repository's history lacks {REV} (a shallow clone)")


def test_the_committed_edition_1_record_is_rebuilt_from_its_commit(tmp_path):
    out = tmp_path / "edition-1.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "record_edition.py"), "--rev", REV,
                    "--patch", str(ROOT / "tools" / "records" / "edition-1-refs.patch"),
                    "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == RECORD.read_bytes()


def test_a_patch_that_changes_what_is_printed_is_refused(tmp_path):
    patch = (ROOT / "tools" / "records" / "edition-1-refs.patch").read_text(encoding="utf-8")
    changed = tmp_path / "changed.patch"
    changed.write_text(patch.replace('+<p ref="facts:{{ f.id }}">{{ m.statement(f) }}</p>',
                                     '+<p ref="facts:{{ f.id }}">{{ m.statement(f) }}!</p>'),
                       encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "record_edition.py"), "--rev",
                             REV, "--patch", str(changed), "--out", str(tmp_path / "r.json")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "the patched templates print another full paper" in result.stderr
    assert not (tmp_path / "r.json").exists()
