"""Large files are parsed in batches in the loading process: the same warehouse as whole."""

from __future__ import annotations

import gzip
import json

from pipelines.warehouse import db, load_parse
from pipelines.warehouse.load import ingest
from tests.conftest import DATA, hh_item, hh_page, table_counts, write_json


def _state(con):
    return (
        table_counts(con),
        con.execute("select * exclude (last_snapshot_id) from vacancies order by all").fetchall(),
        con.execute("select file, record_no, reason from quarantine order by all").fetchall(),
        con.execute("select path, records_read, records_loaded from snapshot_files order by 1")
        .fetchall(),
    )  # fmt: skip


def test_a_file_read_in_batches_loads_as_when_read_whole(tmp_path, monkeypatch):
    items = [hh_item(str(i)) for i in range(1, 12)] + [hh_item("", name="no id")]
    items.append(hh_item("5", name="Оператор чата (повтор)"))  # a duplicate across batches
    write_json(tmp_path / "saved" / "big.json", hh_page(*items))
    write_json(tmp_path / "saved" / "small.json", hh_page(hh_item("100")))
    states = []
    for stream_bytes in (10**12, 0):  # never streamed; every file streamed, 3 records a batch
        monkeypatch.setattr(load_parse, "STREAM_BYTES", stream_bytes)
        monkeypatch.setattr(load_parse, "STREAM_ROWS", 3)
        con = db.connect(tmp_path / f"w{stream_bytes}.duckdb")
        [snapshot] = ingest(con, [tmp_path / "saved"], workers=1).snapshots
        assert (snapshot.records_read, snapshot.records_quarantined) == (14, 1)
        states.append((_state(con), snapshot.fetched_at))
        con.close()
    assert states[0] == states[1]


def test_a_large_file_that_cannot_be_read_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(load_parse, "STREAM_BYTES", 0)
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "bad.json").write_text("не JSON", encoding="utf-8")
    (tmp_path / "saved" / "good.json").write_text(json.dumps(hh_page(hh_item("1"))), "utf-8")
    con = db.connect(tmp_path / "w.duckdb")

    [snapshot] = ingest(con, [tmp_path / "saved"], workers=1).snapshots

    assert snapshot.status == "loaded" and snapshot.records_loaded == 1
    [error] = snapshot.file_errors
    assert "bad.json: not JSON" in error


def test_a_large_file_cut_short_loads_its_whole_records(tmp_path, monkeypatch):
    monkeypatch.setattr(load_parse, "STREAM_BYTES", 0)
    data = json.dumps(hh_page(*[hh_item(str(i)) for i in range(1, 6)]))
    cut = data[: data.index('"id": "4"') + 20]
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "cut.json").write_text(cut, encoding="utf-8")
    con = db.connect(tmp_path / "w.duckdb")

    [snapshot] = ingest(con, [tmp_path / "saved"], workers=1).snapshots

    assert snapshot.status == "loaded" and snapshot.records_loaded == 3
    loaded = con.execute("select vacancy_id from vacancies order by 1").fetchall()
    assert loaded == [("1",), ("2",), ("3",)]
    assert con.execute("select reason from quarantine").fetchall() == [("invalid_json",)]


def test_a_large_page_that_is_a_record_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(load_parse, "STREAM_BYTES", 0)
    (tmp_path / "saved").mkdir()
    page = {**hh_page(hh_item("1")), "id": "2"}
    (tmp_path / "saved" / "odd.json").write_text(json.dumps(page), encoding="utf-8")
    con = db.connect(tmp_path / "w.duckdb")

    [snapshot] = ingest(con, [tmp_path / "saved"], workers=1).snapshots

    assert snapshot.status == "failed"
    assert "odd.json" in snapshot.error and '"id"' in snapshot.error
    assert "\n" not in snapshot.error
    assert con.execute("select count(*) from raw_records").fetchone() == (0,)


def _gz(path, text: str, cut: bool = False) -> None:
    packed = gzip.compress(text.encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(packed[: len(packed) * 2 // 3] if cut else packed)


def test_a_large_gzip_file_is_unpacked_to_disk_and_loads_as_when_read_whole(
    tmp_path, monkeypatch
):
    items = [hh_item(str(i), description="<p>Чаты и звонки.</p>" * 40) for i in range(1, 40)]
    _gz(tmp_path / "saved" / "page.json.gz", json.dumps(hh_page(*items)))
    _gz(tmp_path / "saved" / "cut.json.gz", json.dumps(hh_page(*items[:20])), cut=True)
    _gz(tmp_path / "export" / "result.json.gz", (DATA / "telegram" / "remote_jobs" /
        "result.json").read_text(encoding="utf-8"))  # fmt: skip
    write_json(tmp_path / "export" / "manifest.json", {"source": "telegram"})
    states = []
    for streamed in (False, True):
        if streamed:  # every gzip file unpacked to a temporary file and read 3 records a batch
            monkeypatch.setattr(load_parse, "GZIP_STREAM_BYTES", 0)
            monkeypatch.setattr(load_parse, "STREAM_ROWS", 3)
        con = db.connect(tmp_path / f"w{streamed}.duckdb")
        snapshots = ingest(con, [tmp_path / "saved", tmp_path / "export"], workers=1).snapshots
        assert [s.status for s in snapshots] == ["loaded", "loaded"]
        states.append(_state(con))
        con.close()
    assert states[0] == states[1]
    quarantined = [row[2] for row in states[1][2]]
    assert "truncated_gzip" in quarantined  # the cut file said so, its whole records loaded


def test_the_trailer_of_a_small_gzip_file_says_when_it_unpacks_large(tmp_path, monkeypatch):
    monkeypatch.setattr(load_parse, "STREAM_BYTES", 5000)  # a page of one item, 1 KB, is under
    small, large = tmp_path / "small.json.gz", tmp_path / "large.json.gz"
    _gz(small, json.dumps(hh_page(hh_item("1"))))
    _gz(large, json.dumps(hh_page(*[hh_item(str(i)) for i in range(20)])))

    assert not load_parse._unpacks_large(small, small.stat().st_size)
    assert load_parse._unpacks_large(large, large.stat().st_size)
