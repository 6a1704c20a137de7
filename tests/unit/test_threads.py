"""``io.threads.ahead`` hands over items made on another thread: all of them, in order, an
error raised where they are made reaches the caller, and stopping early stops the maker."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from partnerfit.io import threads


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "usable_cores", lambda: 2)


def test_every_item_in_order_made_on_another_thread() -> None:
    makers: set[str] = set()

    def items() -> Iterator[int]:
        for number in range(50):
            makers.add(threading.current_thread().name)
            yield number

    assert list(threads.ahead(items(), depth=2)) == list(range(50))
    assert makers == {"partnerfit-ahead"}


def test_an_error_made_on_the_thread_is_raised_to_the_caller() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise MemoryError("no room")

    stream = threads.ahead(items())
    assert next(stream) == 1
    with pytest.raises(MemoryError, match="no room"):
        next(stream)


def test_stopping_early_stops_the_maker() -> None:
    made: list[int] = []

    def items() -> Iterator[int]:
        for number in range(10_000):
            made.append(number)
            yield number

    stream = threads.ahead(items(), depth=1)
    assert next(stream) == 0
    stream.close()  # joins the thread
    assert len(made) <= 3
    assert not any(t.name == "partnerfit-ahead" for t in threading.enumerate())


def test_one_core_makes_them_in_this_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "usable_cores", lambda: 1)
    names = []

    def items() -> Iterator[int]:
        names.append(threading.current_thread().name)
        yield 1

    assert list(threads.ahead(items())) == [1]
    assert names == [threading.current_thread().name]


def test_one_blas_thread_inside_and_as_before_after() -> None:
    import numpy  # noqa: F401  (its BLAS is what is limited)
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    assert before  # numpy's OpenBLAS is found: otherwise the limit would do nothing
    with threads.one_blas_thread():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before


def test_overlapping_users_of_one_blas_thread_restore_the_original_last() -> None:
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    first, second = threads.one_blas_thread(), threads.one_blas_thread()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to start ends first: the second still runs
    assert blas_threads() == [1] * len(before)
    second.__exit__(None, None, None)
    assert blas_threads() == before
