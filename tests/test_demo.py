"""The synthetic hh.ru demo: deterministic, valid hh-shaped JSON, and the documented pay effects."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from pipelines.demo import (
    HOURS_PER_MONTH,
    NET_SHARE,
    RATES_RUB_PER_UNIT,
    SHIFTS_PER_MONTH,
    generate_demo,
    sample_vacancies,
)
from pipelines.sources.framing import decompress

N, SNAPSHOTS, SEED, END = 400, 6, 7, date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return generate_demo(
        tmp_path_factory.mktemp("demo"), vacancies=N, snapshots=SNAPSHOTS, seed=SEED, end=END
    )


@pytest.fixture(scope="module")
def truth():
    return {v.id: v for v in sample_vacancies(N, SEED, snapshots=SNAPSHOTS, end=END)}


def read(path: Path):
    return orjson.loads(path.read_bytes())


def read_records(path: Path) -> list[dict]:
    """A detail file's documents: one document, a JSON array, or gzipped JSON Lines."""
    data, _ = decompress(path.read_bytes())
    if path.name.endswith(".jsonl.gz"):
        return [orjson.loads(line) for line in data.splitlines() if line]
    value = orjson.loads(data)
    return value if isinstance(value, list) else [value]


def items(snapshot: Path) -> list[dict]:
    pages = sorted((snapshot / "pages").glob("*.json"))
    return [it for page in pages for it in read(page)["items"]]


def details(snapshot: Path) -> list[dict]:
    paths = sorted((snapshot / "vacancies").glob("*.json*"))
    return [doc for p in paths for doc in read_records(p)]


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json*"))}


def monthly_rub(pay: dict) -> float:
    """Undo what the generator did to a posted pay: one bound or midpoint, unit, currency, net."""
    low, high = pay["from"], pay["to"]
    amount = (low + high) / 2 if low and high else low or high
    amount *= {"MONTH": 1, "HOUR": HOURS_PER_MONTH, "SHIFT": SHIFTS_PER_MONTH}[pay["mode"]["id"]]
    amount *= {"RUR": 1, **RATES_RUB_PER_UNIT}[pay["currency"]]
    return amount / NET_SHARE if pay["gross"] is False else amount


def is_bad(rec: dict) -> bool:
    pays = [p for p in (rec.get("salary"), rec.get("salary_range")) if p]
    try:
        datetime.strptime(rec["published_at"], "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return True
    return "id" not in rec or any(
        p["currency"] not in ("RUR", *RATES_RUB_PER_UNIT)
        or any(x is not None and x < 0 for x in (p["from"], p["to"]))
        or (p["from"] is not None and p["to"] is not None and p["from"] > p["to"])
        for p in pays
    )


def test_same_arguments_give_identical_bytes(demo, tmp_path):
    again = generate_demo(tmp_path, vacancies=N, snapshots=SNAPSHOTS, seed=SEED, end=END)
    assert files(again.out_dir) == files(demo.out_dir)


def test_rerun_replaces_an_earlier_demo_but_not_foreign_folders(tmp_path):
    generate_demo(tmp_path, vacancies=50, snapshots=2)
    assert generate_demo(tmp_path, vacancies=50, snapshots=2).files == len(files(tmp_path))
    (tmp_path / "snapshot-01" / "manifest.json").unlink()
    with pytest.raises(FileExistsError, match="snapshot-01"):
        generate_demo(tmp_path, vacancies=50, snapshots=2)


def test_every_file_is_valid_json_and_counted(demo):
    written = files(demo.out_dir)
    for name in written:
        assert read_records(demo.out_dir / name), name
    assert demo.files == len(written)
    assert demo.records == sum(len(items(s)) + len(details(s)) for s in demo.snapshot_dirs)


def test_manifests_mark_weekly_synthetic_snapshots(demo):
    manifests = [read(s / "manifest.json") for s in demo.snapshot_dirs]
    assert [m["fetched_at"] for m in manifests[-2:]] == [
        "2026-10-24T06:00:00+00:00",
        "2026-10-31T06:00:00+00:00",
    ]
    for snapshot, m in zip(demo.snapshot_dirs, manifests, strict=True):
        assert (m["source"], m["synthetic"], m["seed"]) == ("hh", True, SEED)
        assert m["counts"] == {"items": len(items(snapshot)), "details": len(details(snapshot))}
        assert m["pages"] == len(list((snapshot / "pages").glob("*.json")))


def test_items_look_like_hh_search_results(demo):
    page = read(demo.snapshot_dirs[-1] / "pages" / "page-00000.json")
    assert (page["page"], page["per_page"], page["clusters"]) == (0, 100, None)
    item = next(it for it in page["items"] if not is_bad(it))
    assert len(item["id"]) == 9 and item["id"].startswith("9")
    assert item["employer"]["name"].endswith("(демо)")
    assert item["published_at"].endswith("+0300")
    assert {"description", "key_skills", "languages"}.isdisjoint(item)
    assert {"work_format", "working_hours", "night_shifts", "employment_form"} <= set(item)


def test_vacancies_recur_across_snapshots_pages_and_details(demo):
    seen = Counter()
    duplicated = 0
    for snapshot in demo.snapshot_dirs:
        ids = [it["id"] for it in items(snapshot) if "id" in it]
        duplicated += len(ids) - len(set(ids))
        seen.update(set(ids))
        detail_ids = {d["id"] for d in details(snapshot) if "id" in d}
        assert detail_ids and detail_ids <= set(ids)
    assert duplicated > 0
    assert sum(n > 1 for n in seen.values()) > N / 3


def test_bad_records_are_few_and_counted(demo):
    records = [r for s in demo.snapshot_dirs for r in items(s) + details(s)]
    bad = sum(map(is_bad, records))
    assert bad == demo.bad_records
    assert 0 < bad < 0.01 * len(records)


def test_chat_operators_are_the_showcase_role_paid_mostly_25_to_60k(demo, truth):
    chat = [
        it
        for s in demo.snapshot_dirs
        for it in items(s)
        if "id" in it and truth[it["id"]].role == "chat_operator"
    ]
    assert 0.2 < len({it["id"] for it in chat}) / N < 0.4
    pays = [monthly_rub(it["salary_range"]) for it in chat if it["salary_range"] and not is_bad(it)]
    assert sum(25_000 <= p <= 60_000 for p in pays) / len(pays) > 0.7


@pytest.mark.parametrize("flag", ["english", "night"])
def test_english_and_night_chat_operators_earn_more(flag):
    chat = [v for v in sample_vacancies(5000, SEED) if v.role == "chat_operator"]
    with_flag = statistics.median(v.true_pay_rub for v in chat if getattr(v, flag))
    without = statistics.median(v.true_pay_rub for v in chat if not getattr(v, flag))
    assert with_flag > 1.08 * without


def test_english_vacancies_earn_more_overall():
    sample = sample_vacancies(5000, SEED)
    assert statistics.median(v.true_pay_rub for v in sample if v.english) > statistics.median(
        v.true_pay_rub for v in sample if not v.english
    )


def test_reform_fields_only_on_vacancies_published_from_2024(tmp_path):
    summary = generate_demo(tmp_path, vacancies=300, snapshots=3, end=date(2024, 1, 20))
    for it in (it for s in summary.snapshot_dirs for it in items(s) if not is_bad(it)):
        from_2024 = it["published_at"] >= "2024-01-01"
        assert ("salary_range" in it, "work_format" in it) == (from_2024, from_2024)


def test_the_demo_files_are_pinned_by_hash(tmp_path):
    """The same arguments give the same files, across refactorings of the generator and its
    vocabulary files (pipelines/demo/*.toml, *.csv): a deliberate change to the demo updates
    this hash in the same commit. Gzipped files are hashed decompressed (zlib builds differ)."""
    import gzip
    import hashlib

    generate_demo(tmp_path, vacancies=300, snapshots=3, seed=7, end=END)
    digest = hashlib.sha256()
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        digest.update(path.relative_to(tmp_path).as_posix().encode() + b"\0")
        digest.update(gzip.decompress(data) if path.suffix == ".gz" else data)
    assert digest.hexdigest() == "43d0341aea87493519612663a245431b006b8217e0e245126a2f5a26d5bcf261"
