"""The streamed compare writers assemble lines in numpy: the same bytes as the per-pair writers.

Numbers are rounded exactly (Python's ``f"{v:.Nf}"``, halves to even on the binary value) and
looked up; texts are escaped once per profile and put in NUL-padded slots, long ones spliced in.
These tests hold each piece to Python's own formatting and the whole output to the per-pair
writers on synthetic sets, hostile texts, long names and exact halves.
"""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from tests.hostile import INJECTIONS

from partnerfit.batch.engine import compare, compare_blocks
from partnerfit.io.processes import RemoteTraceback, can_fork
from partnerfit.model import Config, Profile
from partnerfit.model.profileset import ProfileSet
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare import COMPARE_FORMATS, COMPARE_STREAMS, fast
from partnerfit.render.compare import csv as compare_csv
from partnerfit.render.compare import json as compare_json
from partnerfit.render.compare.fast import coverage_percents
from partnerfit.render.compare.rows import (
    Long,
    TextTable,
    decimal_columns,
    decimals,
    join_lines,
    rounded_reprs,
    rounded_units,
    with_long,
)

BENCH_BATCH = Path(__file__).parents[2] / "benchmarks" / "bench_batch.py"

PER_PAIR = {
    "csv": compare_csv.render_compare_csv,
    "jsonl": compare_json.render_compare_jsonl,
    "matrix": compare_csv.render_compare_matrix,
    "coverage-matrix": compare_csv.render_compare_coverage_matrix,
}
"""The writers the fast ones are held to: a pair (or a focal's row) at a time, in Python."""


def _bench_batch() -> Any:
    spec = importlib.util.spec_from_file_location("bench_batch", BENCH_BATCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _awkward_values(digits: int, high: int, count: int) -> np.ndarray[Any, Any]:
    """Random values, exact and inexact halves at ``digits`` and their neighbours, the ends
    of the range and beyond, NaN and negative zero."""
    rng = np.random.default_rng(digits * 1000 + high)
    scale = 10**digits
    halves = (rng.integers(0, high * scale, count) + 0.5) / scale
    binary_halves = rng.integers(0, high * 2**12, count) / 2**12  # exact in binary
    values = np.concatenate(
        [
            rng.uniform(0, high, count),
            halves,
            np.nextafter(halves, np.inf),
            np.nextafter(halves, -np.inf),
            binary_halves,
            [0.0, -0.0, high, high + 0.4 / scale, high + 0.6 / scale, -1e-12, -0.5 / scale],
            [np.nan, 1e20, np.inf, -np.inf, 5e-324, 0.5 / scale, 1.5 / scale, 2.5 / scale],
        ]
    )
    rng.shuffle(values)
    return values


@pytest.mark.parametrize(("digits", "high"), [(1, 100), (4, 1), (0, 100), (2, 3)])
def test_decimals_are_pythons_fixed_point(digits: int, high: int) -> None:
    values = _awkward_values(digits, high, 4000)
    expected = "".join(("" if math.isnan(v) else f"{v:.{digits}f}") + "\n" for v in values.tolist())
    cells = decimals(values, digits, high)
    assert bytes(join_lines([cells, b"\n"], len(values))).decode() == expected


@pytest.mark.parametrize("odd", [False, True])
def test_decimal_columns_between_a_prefix_and_a_suffix_are_pythons_fixed_point(odd: bool) -> None:
    """The matrix's lines: a comma before each total, "" for NaN; side by side in one part, or
    (a value Python must write: negative, above the range) one part per column."""
    values = _awkward_values(2, 100, 600)
    if not odd:  # only values the table holds (-0.0 and those above 100 are Python's)
        values = values[np.isnan(values) | (~np.signbit(values) & (values <= 100))]
    grid = values[: len(values) // 7 * 7].reshape(-1, 7)
    expected = "".join(
        "".join(f"<{'' if math.isnan(v) else f'{v:.2f}'}|" for v in row) + "\n"
        for row in grid.tolist()
    )
    parts = decimal_columns(grid, 2, 100, suffix="|", prefix="<")
    assert (len(parts) > 1) is odd
    assert bytes(join_lines([*parts, b"\n"], len(grid))).decode() == expected


@pytest.mark.parametrize("name", ["matrix", "coverage-matrix"])
def test_the_fast_matrices_take_any_blocks_and_none(name: str) -> None:
    """Blocks that are not ``ComparisonBlocks`` (a list of them) give the same lines; no focal
    at all gives nothing, as the row-by-row writer."""
    profile_set = _synthetic_set(25)
    blocks = list(compare_blocks(profile_set, block_pairs=60))
    expected = "".join(PER_PAIR[name](compare(profile_set), RenderOptions()))
    assert expected.count("\n") == 26
    assert "".join(COMPARE_STREAMS[name](blocks, RenderOptions())) == expected
    assert "".join(COMPARE_STREAMS[name]([], RenderOptions())) == ""


def test_rounded_units_round_the_binary_value_half_to_even() -> None:
    values = _awkward_values(4, 1, 4000)
    finite = values[np.isfinite(values) & (np.abs(values) < 1e6)]
    expected = [float(f"{v * 1:.4f}".replace(".", "")) for v in finite.tolist()]
    assert rounded_units(finite, 4).tolist() == pytest.approx(expected, abs=0)
    # halves exact in binary go to even: 0.25 → 0.2, 0.75 → 0.8
    assert rounded_units(np.array([0.25, 0.75, 0.125, 2.5]), 1).tolist() == [2.0, 8.0, 1.0, 25.0]


def test_coverage_percents_are_pythons_percent() -> None:
    values = _awkward_values(2, 1, 2000)
    percents = coverage_percents(values).tolist()
    for value, percent in zip(values.tolist(), percents, strict=True):
        if percent >= 0:
            assert f"{percent}%" == f"{value:.0%}"
        else:
            assert math.isnan(value) or value < 0 or math.copysign(1, value) < 0 or value > 1


def test_join_lines_splices_long_and_odd_texts_in_place() -> None:
    rng = random.Random(3)
    alphabet = 'ab,"=é→ \U0001f600x\x00'
    texts = ["", "x", *("".join(rng.choices(alphabet, k=rng.randint(0, 600))) for _ in range(60))]
    tables = [TextTable(texts), TextTable(texts[::-1])]
    index = [np.array([rng.randrange(len(texts)) for _ in range(500)]) for _ in tables]
    # mostly short texts in one column, so that its slot is narrow and the rest are spliced
    index[1][:450] = len(texts) - 2
    parts: list[Any] = []
    for table, rows in zip(tables, index, strict=True):
        parts += (b"[", table.cells(rows), b"]")
    parts.append(b"\n")
    expected = "".join(
        f"[{texts[a]}][{texts[::-1][b]}]\n" for a, b in zip(index[0], index[1], strict=True)
    )
    assert bytes(join_lines(parts, 500)).decode() == expected


def test_a_later_long_cell_replaces_an_earlier_one_in_its_row() -> None:
    cells = TextTable(["a", "bb"]).cells(np.array([0, 1, 0]))
    cells = with_long(cells, Long.of({1: b"first", 2: b"kept"}))
    cells = with_long(cells, Long.of({1: b"second"}))
    assert bytes(join_lines([cells, b"\n"], 3)) == b"a\nsecond\nkept\n"


def _streams_match(profiles: ProfileSet, block_pairs: tuple[int, ...], **options: Any) -> None:
    """Each stream, blocks scored and formatted in forked processes (where fork is safe and
    there are several blocks) and on threads, is the per-pair writer's text."""
    whole = compare(profiles, **options)
    for name in ("csv", "jsonl", "matrix", "coverage-matrix"):
        expected = "".join(PER_PAIR[name](whole, RenderOptions()))
        for pairs in block_pairs:
            for forking in (True, False):
                with (
                    mock.patch.object(fast, "can_fork", return_value=forking and can_fork()),
                    mock.patch.object(fast, "usable_cores", return_value=2),
                ):
                    blocks = compare_blocks(profiles, block_pairs=pairs, **options)
                    text = "".join(COMPARE_STREAMS[name](blocks, RenderOptions()))
                assert text == expected, (name, pairs, forking)
        # the whole comparison's writer (compare --top-k …) puts its lines together alike
        assert "".join(COMPARE_FORMATS[name](whole, RenderOptions())) == expected, name


@pytest.mark.parametrize("seed", [5, 11])
def test_fast_writers_are_the_per_pair_writers_on_synthetic_sets(seed: int) -> None:
    profiles = _bench_batch().synthetic_profiles(90, seed=seed)
    config = Config(tiers={"A": 40.05, "B": 30.0, "C": 25.25})
    profile_set = ProfileSet(
        profiles=tuple(profiles), sources={}, config=config, config_source=None
    )
    _streams_match(profile_set, (1, 500, 10**6))
    _streams_match(profile_set, (10**6,), min_score=30.0)


@pytest.mark.parametrize("top_k", [1, 3, 7])
def test_the_long_formats_of_a_top_k_comparison_are_the_per_pair_writers(top_k: int) -> None:
    """``compare --top-k`` writes its long formats with the stream's fast writers too."""
    profile_set = _synthetic_set(40)
    for options in ({}, {"min_score": 30.0}):
        whole = compare(profile_set, top_k=top_k, **options)
        for name, writer in PER_PAIR.items():
            expected = "".join(writer(whole, RenderOptions()))
            assert "".join(COMPARE_FORMATS[name](whole, RenderOptions())) == expected, name


def test_fast_writers_are_the_per_pair_writers_on_hostile_texts() -> None:
    """Every injection of tests/hostile.py as a name, some names longer than any slot, tier
    labels that look like formulas: escaped once per profile, spliced where long."""
    rng = random.Random(7)
    bench = _bench_batch()
    profiles = []
    for index in range(len(INJECTIONS) + 12):
        data = bench.synthetic_profile(rng, index)
        if index < len(INJECTIONS):
            data["name"] = INJECTIONS[index].text
        else:
            text = ("=" if index % 2 else 'Ünïcode, "quoted" ') * (3 * index)
            data["name"] = text[:300]  # the longest a name may be, past the widest slot
        profiles.append(Profile.model_validate(data))
    config = Config(tiers={"=SUM(A1)": 35.0, 'quote "and", comma': 28.0, "\x1b[31mred": 20.0})
    profile_set = ProfileSet(
        profiles=tuple(profiles), sources={}, config=config, config_source=None
    )
    _streams_match(profile_set, (7, 10**6))


def test_rounded_reprs_are_the_json_numbers() -> None:
    """``json.dumps(rounded(v))``: repr of round(v, 6) + 0.0, "null" for NaN; blank rows empty."""
    values = np.concatenate(
        [
            _awkward_values(6, 1, 3000),
            _awkward_values(6, 100, 3000),
            [1e-5, 5e-5, 9.99995e-5, 1e-4, 0.00015, 999.9999996, 1000.0, 2.5e-7, -1e-9, -0.5],
        ]
    )
    blank = np.arange(len(values)) % 7 == 3
    expected = "".join(
        ("" if skip else "null" if math.isnan(v) else repr(round(v, 6) + 0.0)) + "\n"
        for v, skip in zip(values.tolist(), blank.tolist(), strict=True)
    )
    cells = rounded_reprs(values, blank=blank)
    assert bytes(join_lines([cells, b"\n"], len(values))).decode() == expected


def test_pair_columns_read_strided_kept_arrays_alike() -> None:
    """The flat index into contiguous kept arrays and plain indexing of strided ones agree."""
    import dataclasses

    from partnerfit.render.compare.fast import PairColumns

    profiles = _bench_batch().synthetic_profiles(40, seed=3)
    profile_set = ProfileSet(
        profiles=tuple(profiles), sources={}, config=Config(), config_source=None
    )
    block = next(iter(compare_blocks(profile_set)))
    kept = block.kept
    strided = dataclasses.replace(
        kept,
        **{
            field.name: np.asfortranarray(getattr(kept, field.name))
            for field in dataclasses.fields(kept)
            if getattr(kept, field.name).ndim >= 2
        },
    )
    assert not strided.status.flags.c_contiguous
    rows, slots = np.nonzero(kept.status >= 0)
    flat = PairColumns.of(block, rows, slots)
    plain = PairColumns.of(dataclasses.replace(block, kept=strided), rows, slots)
    for field in dataclasses.fields(PairColumns):
        np.testing.assert_array_equal(getattr(flat, field.name), getattr(plain, field.name))


def _synthetic_set(count: int) -> ProfileSet:
    profiles = _bench_batch().synthetic_profiles(count, seed=13)
    return ProfileSet(profiles=tuple(profiles), sources={}, config=Config(), config_source=None)


@pytest.mark.skipif(not can_fork(), reason="fork is used on Linux only")
def test_the_stream_forks_a_process_per_core_when_it_can() -> None:
    """Several blocks and two cores: the blocks are scored and formatted in two processes,
    and the progress is told after each process's turn, in order."""
    profile_set = _synthetic_set(30)
    told: list[tuple[int, int]] = []
    used: list[int] = []
    real = fast.forked_in_order

    def spy(*args: Any) -> Any:
        used.append(args[2])
        return real(*args)

    with (
        mock.patch.object(fast, "usable_cores", return_value=2),
        mock.patch.object(fast, "forked_in_order", spy),
    ):
        blocks = compare_blocks(
            profile_set, block_pairs=100, progress=lambda done, total: told.append((done, total))
        )
        text = "".join(COMPARE_STREAMS["csv"](blocks, RenderOptions()))
    assert used == [2]
    expected = "".join(PER_PAIR["csv"](compare(profile_set), RenderOptions()))
    assert text == expected
    # blocks of 3 focals, two to a process at a time: told after every second block
    group = fast.BLOCKS_PER_PROCESS_ITEM
    items = -(-len(blocks) // group)
    assert told == [(min(30, 3 * group * (i + 1)) * 30, 900) for i in range(items)]


@pytest.mark.skipif(not can_fork(), reason="fork is used on Linux only")
def test_an_error_scoring_a_block_in_a_process_reaches_the_caller() -> None:
    profile_set = _synthetic_set(20)
    blocks = compare_blocks(profile_set, block_pairs=40)
    real = type(blocks).block

    def failing(self: Any, index: int) -> Any:
        if index == 3:
            raise MemoryError("no room for block 3")
        return real(self, index)

    lines: list[str] = []

    def consume() -> None:
        for chunk in COMPARE_STREAMS["jsonl"](blocks, RenderOptions()):
            lines.extend(chunk.splitlines())

    with (
        mock.patch.object(type(blocks), "block", failing),
        mock.patch.object(fast, "usable_cores", return_value=2),
        pytest.raises(MemoryError, match="3") as raised,
    ):
        consume()
    # blocks 0-2 (two focals each) came out before the error: block 2 shares the second
    # process's turn with block 3, and its chunks were sent as they were made
    assert len(lines) == 3 * 2 * 19
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "no room for block 3" in str(cause)
    assert "in failing" in str(cause)  # the frame in the worker where it was raised
