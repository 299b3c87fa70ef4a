"""process_map: results in job order, here or in worker processes, jobs taken lazily on request;
collector_paused: the garbage collector off for a block and back as it was after it."""

from __future__ import annotations

import gc

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
