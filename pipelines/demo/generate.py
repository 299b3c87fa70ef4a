"""Write the demo: weekly hh-format snapshot folders of search pages, detail documents and a
manifest, byte-identical for the same arguments."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import orjson

from pipelines.demo import draw
from pipelines.demo.records import hh_records
from pipelines.demo.settings import (
    BAD_KINDS,
    BAD_RECORD_SHARE,
    DETAIL_SHARE,
    DUPLICATE_SHARE,
    GENERATOR,
    ID_START,
    PER_PAGE,
    RATES_RUB_PER_UNIT,
)


@dataclass(frozen=True)
class DemoSummary:
    """What one generate_demo run wrote."""

    out_dir: Path
    snapshot_dirs: list[Path]
    vacancies: int
    records: int  # search items + detail documents written
    bad_records: int
    files: int


def generate_demo(out_dir: Path, vacancies: int = 20000, snapshots: int = 12, seed: int = 42,
                  end: date = date(2026, 10, 31),
                  progress: Callable[[int], None] | None = None) -> DemoSummary:
    """Write `snapshots` weekly hh-format snapshot folders under out_dir, the last fetched on `end`.

    Each folder holds pages/page-NNNNN.json, detail documents under vacancies/ (one alone as
    <id>.json, the rest in JSON arrays or gzipped JSON Lines) and, written last, manifest.json.
    `progress` gets the running number of records written. Same arguments → byte-identical
    files. An earlier demo snapshot with the same folder name is replaced.
    """
    if not (0 <= vacancies < 10**9 - ID_START and snapshots >= 1 and seed >= 0):
        raise ValueError(f"demo needs 0 ≤ vacancies < {10**9 - ID_START:,} (9-digit ids), "
                         f"snapshots ≥ 1 and seed ≥ 0; got {vacancies=}, {snapshots=}, {seed=}")
    out_dir = Path(out_dir)
    table = draw.table(vacancies, seed, snapshots)
    start = draw.window_start(end, snapshots)
    width = max(2, len(str(snapshots)))
    dirs: list[Path] = []
    records = bad = files = 0
    for s in range(snapshots):
        folder = out_dir / f"snapshot-{s + 1:0{width}d}"
        _prepare_folder(folder)
        n_rec, n_bad, n_files = _write_snapshot(folder, table, s, seed, start, progress, records)
        records, bad, files = records + n_rec, bad + n_bad, files + n_files
        dirs.append(folder)
    return DemoSummary(out_dir, dirs, vacancies, records, bad, files)


def _prepare_folder(folder: Path) -> None:
    """Replace an earlier demo snapshot; refuse to touch a folder that holds anything else."""
    if folder.exists() and any(folder.iterdir()):
        try:
            ours = orjson.loads((folder / "manifest.json").read_bytes())["generator"] == GENERATOR
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
            ours = False
        if not ours:
            raise FileExistsError(f"{folder} exists and is not a complete PayScope demo snapshot; "
                                  "delete it or choose another out_dir")
        shutil.rmtree(folder)
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "vacancies").mkdir(exist_ok=True)


def _write_snapshot(folder: Path, t: dict[str, np.ndarray], s: int, seed: int, start: datetime,
                    progress: Callable[[int], None] | None,
                    done_before: int) -> tuple[int, int, int]:
    """Write one snapshot folder page by page; returns (records, bad records, files)."""
    rng = np.random.default_rng([seed, s])
    open_idx = np.flatnonzero((t["first"] <= s) & (t["last"] >= s))
    current_pub = np.where(t["republish"][open_idx] <= s, t["republish_pub"][open_idx],
                           t["pub"][open_idx])
    order = open_idx[np.lexsort((-open_idx, -current_pub))]  # newest first, as hh sorts
    listing = _with_duplicates(order, rng)
    bad_item = _bad_kinds(rng, len(listing))
    # A stride on a per-vacancy draw: each snapshot details a different ~20 % of what is open.
    details = np.sort(order[(t["detail_u"][order] + 0.382 * s) % 1.0 < DETAIL_SHARE])
    bad_detail = _bad_kinds(rng, len(details))
    start64 = np.datetime64(start.replace(tzinfo=None), "s")

    n_pages = -(-len(listing) // PER_PAGE)  # hh says 0 pages for no results; we still write one
    page_files = max(n_pages, 1)
    written = bad = 0
    for page in range(page_files):
        rows = slice(page * PER_PAGE, (page + 1) * PER_PAGE)
        items = hh_records(t, listing[rows], s, start64, bad_item[rows], detail=False)
        bad += int((bad_item[rows] >= 0).sum())
        _dump(folder / "pages" / f"page-{page:05d}.json", {
            "items": items, "found": len(order), "pages": n_pages, "page": page,
            "per_page": PER_PAGE, "clusters": None, "arguments": None,
            "alternate_url": "https://hh.ru/search/vacancy?area=113&order_by=publication_time"
                             f"&items_on_page={PER_PAGE}&page={page}",
        })
        written += len(items)
        if progress is not None:
            progress(done_before + written)
    vacancy_dir = folder / "vacancies"
    detail_files = 0
    for batch, first in enumerate(range(0, len(details), PER_PAGE)):
        rows = slice(first, first + PER_PAGE)
        docs = hh_records(t, details[rows], s, start64, bad_detail[rows], detail=True)
        detail_files += _dump_details(vacancy_dir, batch, s, details[rows].tolist(), docs)
        bad += int((bad_detail[rows] >= 0).sum())
        written += len(docs)
        if progress is not None:
            progress(done_before + written)
    # The manifest goes last so that a folder with a manifest is a complete snapshot.
    _dump(folder / "manifest.json", {
        "source": "hh",
        "fetched_at": (start + timedelta(weeks=s + 1)).isoformat(),
        "synthetic": True,
        "generator": GENERATOR,
        "seed": seed,
        "query": {"area": "113", "order_by": "publication_time", "per_page": PER_PAGE},
        "pages": page_files,
        "counts": {"items": len(listing), "details": len(details)},
        "rates_rub_per_unit": RATES_RUB_PER_UNIT,
    }, indent=True)
    return written, bad, page_files + detail_files + 1


def _dump_details(folder: Path, batch: int, s: int, ids: list[int], docs: list[dict]) -> int:
    """Detail documents in the shapes people save them: one per file, a JSON array, gzipped
    JSON Lines (alternating by snapshot), so that every reading path of the loader is used."""
    if batch == 0 and docs:
        _dump(folder / f"{ID_START + ids[0]}.json", docs[0])
        docs = docs[1:]
    if not docs:
        return 1 if batch == 0 else 0
    if s % 2 == 0:
        _dump(folder / f"details-{batch:05d}.json", docs)
    else:
        lines = b"\n".join(orjson.dumps(doc) for doc in docs) + b"\n"
        (folder / f"details-{batch:05d}.jsonl.gz").write_bytes(gzip.compress(lines, 6, mtime=0))
    return 2 if batch == 0 else 1


def _with_duplicates(order: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Repeat a few items one page later, as hh pagination does when results shift mid-crawl."""
    if len(order) < 2:
        return order
    count = max(1, round(len(order) * DUPLICATE_SHARE))
    positions = np.sort(rng.choice(len(order) - 1, size=count, replace=False))
    return np.insert(order, np.minimum(positions + PER_PAGE, len(order)), order[positions])


def _bad_kinds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Index into BAD_KINDS for each record, −1 for a good one."""
    spoil = rng.random(n) < BAD_RECORD_SHARE
    return np.where(spoil, rng.integers(0, len(BAD_KINDS), n), -1)


def _dump(path: Path | str, obj: object, indent: bool = False) -> None:
    with open(path, "wb") as f:
        f.write(orjson.dumps(obj, option=orjson.OPT_INDENT_2 if indent else 0))
