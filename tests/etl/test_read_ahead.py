"""Tests for reading a delivery's next batch in a thread: same items in the same order, the
reader's errors raised where the item would have come, and no reader left behind."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.errors import EtlError
from etl.extract.read_ahead import read_ahead


def _reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "inlezen"]


@settings(max_examples=30, deadline=None)
@given(items=st.lists(st.integers(), max_size=40), depth=st.integers(1, 4))
def test_read_ahead_yields_every_item_in_order(items, depth):
    assert list(read_ahead(iter(items), depth=depth)) == items
    assert not _reader_threads()


def test_read_ahead_reads_in_another_thread_while_the_consumer_works():
    """The second item is read before the consumer asks for it."""
    read_in: list[str] = []
    second_read = threading.Event()

    def batches():
        for number in range(3):
            read_in.append(threading.current_thread().name)
            if number == 1:
                second_read.set()
            yield number

    stream = read_ahead(batches())
    assert next(stream) == 0
    assert second_read.wait(timeout=10)
    assert list(stream) == [1, 2]
    assert set(read_in) == {"inlezen"}


def test_an_error_while_reading_comes_after_the_items_before_it():
    def batches():
        yield 1
        yield 2
        raise EtlError("regel 3 is onleesbaar", "signalen.csv")

    received = []
    with pytest.raises(EtlError, match=r"signalen\.csv: regel 3 is onleesbaar"):
        for item in read_ahead(batches()):
            received.append(item)
    assert received == [1, 2]
    assert not _reader_threads()


def test_a_consumer_that_stops_early_stops_the_reader_and_closes_the_source():
    closed = threading.Event()
    produced = []

    def batches():
        try:
            for number in range(1_000):
                produced.append(number)
                yield number
        finally:
            closed.set()

    stream = read_ahead(batches(), depth=2)
    with pytest.raises(RuntimeError, match="laden mislukt"):
        for item in stream:
            if item == 3:
                raise RuntimeError("laden mislukt")
    stream.close()
    assert closed.is_set()
    assert not _reader_threads()
    assert len(produced) <= 3 + 1 + 2 + 1  # what was consumed, read ahead, and in hand


def test_closing_the_stream_before_the_end_leaves_no_reader():
    stream = read_ahead(iter(range(100)))
    assert next(stream) == 0
    stream.close()
    assert not _reader_threads()
