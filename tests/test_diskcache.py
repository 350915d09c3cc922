"""writers/diskcache: values derived from font files are computed once per machine."""

from __future__ import annotations

from briefgen.diskcache import cache_folder, cached_bytes


def test_a_value_is_computed_once_then_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"derived"

    assert cached_bytes("kind", "font-hash v1", compute) == b"derived"
    assert cached_bytes("kind", "font-hash v1", compute) == b"derived"
    assert len(calls) == 1
    assert [p.read_bytes() for p in cache_folder("kind").iterdir()] == [b"derived"]


def test_another_key_is_another_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_bytes("kind", "font-hash v1", lambda: b"one")
    assert cached_bytes("kind", "font-hash v2", lambda: b"two") == b"two"
    assert len(list(cache_folder("kind").iterdir())) == 2


def test_an_unwritable_cache_is_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cached_bytes("kind", "key", lambda: b"value") == b"value"
    assert blocker.read_text() == "not a folder"


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_bytes("kind", "key", lambda: b"value", suffix=".bin")
    names = [p.name for p in cache_folder("kind").iterdir()]
    assert len(names) == 1 and names[0].endswith(".bin")
