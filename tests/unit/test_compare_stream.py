"""compare without --top-k streams a block of focals at a time: the same bytes as the whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.batch.engine import compare, compare_blocks
from partnerfit.cli import app
from partnerfit.cli import compare as compare_cli
from partnerfit.model.profileset import ProfileSet, load_profile_set
from partnerfit.render.common import RenderOptions
from partnerfit.render.compare import COMPARE_FORMATS, COMPARE_STREAMS
from partnerfit.render.compare import csv as compare_csv
from partnerfit.render.compare import json as compare_json


@pytest.fixture(scope="module")
def bundled_set() -> ProfileSet:
    return load_profile_set(Path(__file__).parents[2] / "profiles")


@pytest.mark.parametrize("name", sorted(COMPARE_STREAMS))
@pytest.mark.parametrize("block_pairs", [1, 29, 100, 10**6])
@pytest.mark.parametrize("min_score", [None, 50.0])
def test_streamed_output_is_the_whole_output(
    bundled_set: ProfileSet, name: str, block_pairs: int, min_score: float | None
) -> None:
    options = RenderOptions()
    comparison = compare(bundled_set, min_score=min_score)
    whole = "".join(PER_PAIR[name](comparison, options))  # a pair (or a row) at a time
    assert "".join(COMPARE_FORMATS[name](comparison, options)) == whole
    blocks = compare_blocks(bundled_set, min_score=min_score, block_pairs=block_pairs)
    assert "".join(COMPARE_STREAMS[name](blocks, options)) == whole


PER_PAIR = {
    "csv": compare_csv.render_compare_csv,
    "jsonl": compare_json.render_compare_jsonl,
    "matrix": compare_csv.render_compare_matrix,
    "coverage-matrix": compare_csv.render_compare_coverage_matrix,
}


def test_blocks_hold_a_bounded_number_of_focals(bundled_set: ProfileSet) -> None:
    n = len(bundled_set.profiles)
    sizes = [len(b.focals) for b in compare_blocks(bundled_set, block_pairs=3 * n)]
    assert sizes[:-1] == [3] * (len(sizes) - 1)
    assert sum(sizes) == n


def test_json_without_top_k_is_refused_past_the_limit(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compare_cli, "JSON_MAX_PAIRS", 100)
    runner = CliRunner()
    args = ["compare", "--profiles", str(bundled), "--format"]
    refused = runner.invoke(app, [*args, "json"])
    assert refused.exit_code == 2
    assert "at most 100 pairs without --top-k" in refused.output
    assert "use --format jsonl" in refused.output
    assert runner.invoke(app, [*args, "json", "--top-k", "3"]).exit_code == 0
    assert runner.invoke(app, [*args, "jsonl"]).exit_code == 0


def test_the_fast_csv_writes_every_column() -> None:
    """Adding a CSV column? Add it to ``_lines`` too, or every pair is written the slow way."""
    assert compare_csv._FAST_COLUMNS == compare_csv.COMPARE_CSV_COLUMNS


HOSTILE_NAMES = (
    "=HYPERLINK(1)",
    'Quote "q", comma',
    "+plus\tand tab",
    "-minus\x07bell",
    "@at",
    "right\u202eleft",
)


def test_the_fast_writers_match_the_per_pair_writers_on_hostile_and_sparse_profiles(
    tmp_path: Path,
) -> None:
    """Formula-like, quoted and control-character names, insufficient evidence and dealbreakers:
    the streamed CSV is byte for byte the per-pair writer's (csv_cell, coverage, intervals)."""
    import shutil

    small = Path(__file__).parents[1] / "data" / "small"
    for path in small.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    for number, name in enumerate(HOSTILE_NAMES):
        (tmp_path / f"h{number}.yaml").write_text(
            f"id: h{number}\nname: {json.dumps(name)}\nkind: business\n"
            "values: {sustainability: 5}\nregions: [EU]\n",
            encoding="utf-8",
        )
    profiles = load_profile_set(tmp_path)
    whole = compare(profiles)
    statuses = {pair.status for pair in whole.pairs()}
    assert statuses == {"ranked", "excluded", "insufficient"}
    expected = "".join(compare_csv.render_compare_csv(whole, RenderOptions()))  # per pair
    assert "'=HYPERLINK(1)" in expected
    assert "'@at" in expected
    for block_pairs in (1, 7, 10**6):
        blocks = compare_blocks(profiles, block_pairs=block_pairs)
        assert "".join(COMPARE_STREAMS["csv"](blocks, RenderOptions())) == expected
    # the fast JSON Lines writer, against the per-pair one, on the same profiles
    per_pair = "".join(compare_json.render_compare_jsonl(whole, RenderOptions()))
    assert '"=HYPERLINK(1)"' in per_pair
    assert "\\u0007" in per_pair  # the bell, escaped by json.dumps
    assert "\\u202e" in per_pair
    assert "\u202e" not in per_pair
    for block_pairs in (1, 7, 10**6):
        blocks = compare_blocks(profiles, block_pairs=block_pairs)
        assert "".join(COMPARE_STREAMS["jsonl"](blocks, RenderOptions())) == per_pair


def test_an_error_while_formatting_stops_the_engines_thread(
    bundled_set: ProfileSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error reaches the caller, and the thread scoring the next block stops even while the
    error (and so the stream's frame, through its traceback) is still held."""
    import threading

    from partnerfit.io import threads
    from partnerfit.render.compare import fast

    monkeypatch.setattr(threads, "usable_cores", lambda: 2)
    monkeypatch.setattr(fast, "usable_cores", lambda: 2)
    monkeypatch.setattr(fast, "can_fork", lambda: False)  # the threads' path (not Linux's)

    def broken(*_: object) -> str:
        raise RuntimeError("formatting failed")

    monkeypatch.setattr(compare_csv, "_chunk", broken)
    stream = COMPARE_STREAMS["csv"](compare_blocks(bundled_set, block_pairs=1), RenderOptions())
    kept: list[BaseException] = []
    try:
        "".join(stream)
    except RuntimeError as error:
        kept.append(error)
    assert [str(error) for error in kept] == ["formatting failed"]
    assert not [t for t in threading.enumerate() if t.name == "partnerfit-ahead"]


@pytest.mark.parametrize("name", ["csv", "jsonl"])
def test_the_collector_is_kept_out_of_the_way_while_streaming(
    bundled_set: ProfileSet, name: str
) -> None:
    """Each chunk makes thousands of short-lived objects: while the stream runs, collections
    are rarer (they would walk every loaded profile again and again); after it, the thresholds
    are the caller's again, and the loaded profiles are not left frozen."""
    import gc

    before = gc.get_threshold()
    seen = []
    for _ in COMPARE_STREAMS[name](compare_blocks(bundled_set, block_pairs=50), RenderOptions()):
        seen.append(gc.get_threshold()[0])
    assert len(seen) > 2
    assert min(seen[1:]) >= 50_000 > before[0]  # the CSV header comes before the rows
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
