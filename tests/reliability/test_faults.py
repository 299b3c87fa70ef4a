"""Disk full, a read-only folder, a damaged warehouse and a missing or damaged model: one line
naming what happened, the documented exit code (docs/reliability.md), and no damage: the
warehouse and the previous model work afterwards, and a rerun once the cause is gone gives the
clean result.

A full disk is a small tmpfs mounted for the test (root), else RLIMIT_FSIZE (EFBIG) on the
child; a read-only folder is that tmpfs remounted read-only, else chmod for a non-root user."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.reliability import harness

EXIT_FAILED, EXIT_USAGE, EXIT_CANNOT_WRITE = 1, 2, 4


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _size(path: Path) -> int:
    return path.stat().st_size


def test_a_full_disk_stops_ingest_in_one_line_and_a_rerun_with_space_loads_the_rest(
    demo_dir, clean_ingest, tmp_path
):
    clean = clean_ingest[0]
    folder = tmp_path / "disk"
    with harness.small_disk(folder, f"{_size(clean) // 2}") as mounted:
        db = folder / "warehouse.duckdb"
        args = ["ingest", str(demo_dir), "--db", str(db)]
        full = harness.run(args, max_file_bytes=0 if mounted else _size(clean) // 2)

        assert full.returncode == EXIT_CANNOT_WRITE, full.stderr
        assert "disk is full or a size limit was reached" in harness.one_line(full)
        assert harness.run(["status", "--db", str(db)]).returncode == 0  # it opens
        held = harness.snapshot_parts(__import__("duckdb").connect(str(db), read_only=True))
        whole = harness.fingerprint(clean)["snapshots"]
        assert all(whole[path] == part for path, part in held.items())  # whole snapshots only

        if mounted:
            harness.remount(folder, f"size={_size(clean) * 8}")
        again = harness.run(args)
        assert again.returncode == 0, again.stderr
        assert harness.fingerprint(db) == harness.fingerprint(clean)


def test_a_full_disk_during_export_keeps_the_earlier_export_and_leaves_no_partial_folder(
    clean_ingest, tmp_path
):
    clean = clean_ingest[0]
    folder = tmp_path / "disk"
    with harness.small_disk(folder, "64m") as mounted:
        out = folder / "export"
        args = ["export", "--db", str(clean), "--out", str(out)]
        assert harness.run(args).returncode == 0
        manifest = (out / "_manifest.json").read_bytes()
        used = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        if mounted:  # room for less than a second copy
            filler = folder / "filler"
            free = shutil.disk_usage(folder).free
            filler.write_bytes(b"\0" * max(0, free - used // 2))
        full = harness.run(args, max_file_bytes=0 if mounted else 4096)

        assert full.returncode == EXIT_CANNOT_WRITE, full.stderr
        assert f"export failed, {out} is as it was" in harness.one_line(full)
        assert (out / "_manifest.json").read_bytes() == manifest
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            ["export", *(["filler"] if mounted else [])]
        )


@pytest.mark.skipif(not harness.FULL, reason="full form only (make test-long)")
def test_a_full_disk_fails_the_refresh_in_its_report_and_leaves_the_live_warehouse(
    demo_dir, tmp_path
):
    folders = sorted(demo_dir.glob("snapshot-*"))
    disk = tmp_path / "disk"
    with harness.small_disk(disk, "64m") as mounted:
        if not mounted:
            pytest.skip("needs a small file system: mount is root only (RLIMIT_FSIZE would also "
                        "stop the refresh's own report)")
        db = disk / "warehouse.duckdb"
        assert harness.run(["ingest", *map(str, folders[:2]), "--db", str(db)]).returncode == 0
        config = tmp_path / "refresh.toml"
        config.write_text(f'[paths]\nmodels = "{tmp_path / "models"}"\n[model]\nretrain = false\n')
        before = _sha(db)
        (disk / "filler").write_bytes(b"\0" * (shutil.disk_usage(disk).free - _size(db) - 300_000))
        args = ["refresh", "--db", str(db), "--offline", str(demo_dir), "--config", str(config)]

        full = harness.run(args)

        assert full.returncode == EXIT_FAILED, full.stderr
        assert "FAILED" in full.stdout and "disk is full" in full.stdout
        assert "Traceback" not in full.stderr
        report = json.loads(next((disk / "refresh_runs").glob("*.json")).read_text())
        assert report["status"] == "failed" and "disk is full" in report["steps"]["ingest"]["error"]
        assert _sha(db) == before  # the live warehouse is as it was
        assert not list(disk.glob("*.next*"))

        (disk / "filler").unlink()
        assert harness.run(args).returncode == 0
        assert not list(disk.glob("*.next*"))


def test_a_read_only_folder_refuses_writes_in_one_line_and_still_reads(clean_ingest, tmp_path):
    clean = clean_ingest[0]
    folder = tmp_path / "disk"
    with harness.small_disk(folder, "64m") as mounted:
        db = folder / "warehouse.duckdb"
        shutil.copyfile(clean, db)
        if mounted:
            harness.remount(folder, "ro")
        elif os.geteuid() != 0:
            folder.chmod(0o555)
        else:
            pytest.skip("root ignores permission bits and cannot mount here")
        before = _sha(db)
        try:
            for args in (["ingest", str(clean.parent), "--db", str(db)],
                         ["build-features", "--db", str(db)],
                         ["export", "--db", str(db), "--out", str(folder / "export")]):
                refused = harness.run(args)
                assert refused.returncode == EXIT_CANNOT_WRITE, (args, refused.stderr)
                line = harness.one_line(refused)
                assert "read-only" in line.lower() or "Read-only" in line, line
            status = harness.run(["status", "--db", str(db)])
            assert status.returncode == 0, status.stderr
            assert _sha(db) == before
        finally:
            folder.chmod(0o755) if not mounted else None


def _damaged(kind: str, clean: Path, target: Path) -> None:
    data = bytearray(clean.read_bytes())
    if kind == "random":
        target.write_bytes(os.urandom(len(data)))
    elif kind == "truncated":
        target.write_bytes(bytes(data[: len(data) // 2]))
    else:  # blocks overwritten in the middle: DuckDB's checksums catch them
        rng = __import__("random").Random(7)
        for _ in range(20):
            at = rng.randrange(3 * 4096, len(data) - 4096)
            data[at : at + 512] = os.urandom(512)
        target.write_bytes(bytes(data))


DAMAGE = ["random", "truncated", "checksum"] if harness.FULL else ["checksum"]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_warehouse_is_named_in_one_line_and_left_as_it_is(
    kind, demo_dir, clean_ingest, tmp_path
):
    db = tmp_path / "warehouse.duckdb"
    _damaged(kind, clean_ingest[0], db)
    before = _sha(db)
    commands = [["status"], ["build-features"], ["ingest", str(demo_dir)],
                ["export", "--out", str(tmp_path / "export")]]  # fmt: skip
    for args in commands if harness.FULL else commands[::2]:
        outcome = harness.run([*args, "--db", str(db)])
        assert outcome.returncode == EXIT_USAGE, (args, outcome.stderr)
        line = harness.one_line(outcome)
        assert str(db) in line or db.name in line, line
        assert _sha(db) == before
    assert not (tmp_path / "export").exists()


@pytest.fixture(scope="module")
def trained(clean_ingest, tmp_path_factory) -> Path:
    models = tmp_path_factory.mktemp("models") / "models"
    outcome = harness.run(["train", "--db", str(clean_ingest[0])], PAYSCOPE_MODELS=str(models))
    assert outcome.returncode == 0, outcome.stderr
    return models


PREDICT = ["predict", "--title", "Оператор чата", "--night"]


def _break(kind: str, models: Path) -> str:
    version = (models / "CURRENT").read_text().strip()
    folder = models / version
    if kind == "garbage":
        (folder / "model.joblib").write_bytes(os.urandom(4000))
    elif kind == "truncated":
        model = folder / "model.joblib"
        model.write_bytes(model.read_bytes()[: _size(model) // 3])
    elif kind == "deleted":
        (folder / "model.joblib").unlink()
    elif kind == "no_card":
        (folder / "model_card.json").unlink()
    elif kind == "bad_card":
        (folder / "model_card.json").write_text("{not json")
    elif kind == "no_version":
        (models / "CURRENT").write_text("20990101T000000-gone\n")
    return version


@pytest.mark.parametrize(
    "kind",
    ["garbage", "truncated", "deleted", "no_card", "bad_card", "no_version"]
    if harness.FULL
    else ["garbage", "no_card"],
)
def test_a_missing_or_damaged_model_is_one_line_and_a_retrain_recovers(
    kind, clean_ingest, trained, tmp_path
):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(clean_ingest[0], db)
    models = tmp_path / "models"
    shutil.copytree(trained, models)
    _break(kind, models)
    env = {"PAYSCOPE_MODELS": str(models)}

    broken = harness.run([*PREDICT, "--db", str(db)], **env)

    assert broken.returncode == EXIT_FAILED, broken.stderr
    line = harness.one_line(broken)
    assert str(models) in line and ("retrain" in line or "cannot" in line), line
    assert harness.run(["status", "--db", str(db)]).returncode == 0  # the warehouse is fine
    if harness.FULL or kind == "garbage":  # training makes a new current model that works
        assert harness.run(["train", "--db", str(db)], **env).returncode == 0
        again = harness.run([*PREDICT, "--db", str(db)], **env)
        assert again.returncode == 0, again.stderr


def test_a_damaged_older_model_does_not_touch_the_current_one(clean_ingest, trained, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(clean_ingest[0], db)
    models = tmp_path / "models"
    shutil.copytree(trained, models)
    current = (models / "CURRENT").read_text().strip()
    older = models / "20200101T000000-older"
    shutil.copytree(models / current, older)
    (older / "model.joblib").write_bytes(b"garbage")

    outcome = harness.run([*PREDICT, "--db", str(db)], PAYSCOPE_MODELS=str(models))

    assert outcome.returncode == 0, outcome.stderr
