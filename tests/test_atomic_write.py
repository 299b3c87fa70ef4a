"""pipelines/core/atomic_write.py: the target is the old version or the new one whole, after
any failure, and what was renamed is on disk (file and folder fsynced)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pipelines.core import atomic_write


@pytest.fixture
def synced(monkeypatch) -> list[tuple[int, int]]:
    """(device, inode) of everything os.fsync was called on, in order."""
    calls: list[tuple[int, int]] = []
    real = os.fsync

    def record(fd: int) -> None:
        found = os.fstat(fd)
        calls.append((found.st_dev, found.st_ino))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    return calls


def _id(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_dev, found.st_ino


def test_a_file_is_replaced_whole_and_its_folder_synced(tmp_path, synced):
    target = tmp_path / "sub" / "state.json"

    atomic_write.write_bytes(target, b"new")

    assert target.read_bytes() == b"new"
    assert synced == [_id(target), _id(target.parent)]  # the data, then the rename
    assert stat.S_IMODE(target.stat().st_mode) == atomic_write.FILE_MODE
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]  # no temporary left


@pytest.mark.parametrize("fail_at", ["write", "fsync", "rename"])
def test_a_failure_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch, fail_at):
    target = tmp_path / "CURRENT"
    target.write_text("old\n")

    def write(temporary: Path) -> None:
        temporary.write_text("half")
        if fail_at == "write":
            raise OSError("disk full")

    def boom(*_):
        raise OSError("injected")

    if fail_at == "fsync":
        monkeypatch.setattr(atomic_write, "fsync_file", boom)
    if fail_at == "rename":
        monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write.write_with(target, write)

    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_text_and_callback_writers(tmp_path):
    atomic_write.write_text(tmp_path / "a.txt", "Повар\n")
    atomic_write.write_with(tmp_path / "b.bin", lambda p: p.write_bytes(b"\x00\x01"), mode=0o600)

    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Повар\n"
    assert stat.S_IMODE((tmp_path / "b.bin").stat().st_mode) == 0o600


def test_a_staged_folder_replaces_the_old_one_whole_and_is_synced(tmp_path, synced):
    target = tmp_path / "export"
    target.mkdir()
    (target / "old.parquet").write_text("old")

    with atomic_write.staged_folder(target) as staging:
        assert staging.parent == tmp_path and staging.name.startswith(".export.")
        assert staging.name.endswith(".partial")
        (staging / "table").mkdir()
        (staging / "table" / "data_0.parquet").write_text("new")
        assert [p.name for p in target.iterdir()] == ["old.parquet"]  # untouched until the end

    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    assert (target / "table" / "data_0.parquet").read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == atomic_write.FOLDER_MODE
    for path in (target / "table" / "data_0.parquet", target / "table", target, tmp_path):
        assert _id(path) in synced, path
    assert synced[-1] == _id(tmp_path)  # the swap itself, last


def test_a_failed_staged_folder_leaves_the_old_one_and_no_staging(tmp_path):
    target = tmp_path / "export"
    target.mkdir()
    (target / "old.parquet").write_text("old")

    with pytest.raises(RuntimeError), atomic_write.staged_folder(target) as staging:
        (staging / "new.parquet").write_text("half")
        raise RuntimeError("killed")

    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    assert [p.name for p in target.iterdir()] == ["old.parquet"]


def test_a_new_folder_never_replaces_an_existing_one(tmp_path):
    (tmp_path / "v1").mkdir()

    with pytest.raises(FileExistsError), atomic_write.staged_folder(tmp_path / "v1", False):
        pytest.fail("the block must not run: the version exists")  # pragma: no cover

    with atomic_write.staged_folder(tmp_path / "v2", replace=False) as staging:
        (staging / "model.joblib").write_bytes(b"m")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1", "v2"]


def test_a_file_written_by_another_program_is_synced_before_its_rename(tmp_path, synced):
    staged, live = tmp_path / "w.duckdb.next", tmp_path / "w.duckdb"
    staged.write_bytes(b"new")
    live.write_bytes(b"old")
    staged_id = _id(staged)

    atomic_write.replace_file(staged, live)

    assert live.read_bytes() == b"new" and not staged.exists()
    assert synced == [staged_id, _id(tmp_path)]
