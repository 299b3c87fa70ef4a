"""process_map: results in job order, here or in worker processes, jobs taken lazily on request,
Arrow tables and errors passed both ways;
collector_paused: the garbage collector off for a block and back as it was after it."""

from __future__ import annotations

import gc

import pyarrow as pa
import pytest

from pipelines.core.parallel import collector_paused, process_map


def counted(n: int, pulled: list[int]):
    for i in range(n):
        pulled.append(i)
        yield -i


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("n", [0, 1, 2, 7])
def test_results_come_in_job_order(workers, n):
    assert list(process_map(abs, counted(n, []), workers)) == list(range(n))


def test_with_in_flight_jobs_are_taken_only_as_results_are_consumed():
    pulled: list[int] = []
    results = process_map(abs, counted(20, pulled), workers=2, in_flight=3)

    assert next(results) == 0
    assert len(pulled) == 3  # not all 20: big jobs never sit in memory together
    assert list(results) == list(range(1, 20))
    assert len(pulled) == 20


def numbers_up_to(table: pa.Table) -> pa.Table:
    n = table.column("n")[0].as_py()
    if n == 3:
        raise ValueError(f"job {n} fails")
    return pa.table({"n": list(range(1, n + 1))})


def test_arrow_tables_and_errors_cross_to_the_workers_and_back():
    jobs = [pa.table({"n": [n]}) for n in (1, 2)]
    tables = list(process_map(numbers_up_to, jobs, workers=2))
    assert [t.column("n").to_pylist() for t in tables] == [[1], [1, 2]]

    with pytest.raises(ValueError, match="job 3 fails"):
        list(process_map(numbers_up_to, [pa.table({"n": [n]}) for n in (1, 3, 2)], workers=2))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_in_the_block_and_as_it_was_after_it(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a failing batch")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
