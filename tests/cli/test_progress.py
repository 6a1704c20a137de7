"""The progress bar covers the whole run: scoring, then writing the rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.cli import compare as compare_cli
from partnerfit.cli.output import counted_lines

runner = CliRunner()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None, str | None]] = []

    def __call__(self, done: int, total: int | None, label: str | None = None) -> None:
        self.calls.append((done, total, label))


def test_counted_lines_reports_rows_written() -> None:
    record = Recorder()
    chunks = ["a\nb\n", "c\n", "d\ne\n"]
    assert list(counted_lines(chunks, 5, record, "writing rows")) == chunks
    assert record.calls == [(0, 5, "writing rows"), (2, 5, None), (3, 5, None), (5, 5, None)]
    assert list(counted_lines(chunks, None, None, "x")) == chunks


def test_compare_keeps_the_bar_through_writing_the_csv(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = Recorder()

    class Bar:
        def __enter__(self) -> Recorder:
            return record

        def __exit__(self, *args: object) -> None:
            # the file is complete before the bar closes
            assert (tmp_path / "out.csv").exists()

    monkeypatch.setattr(compare_cli, "progress_bar", lambda *_: Bar())
    target = tmp_path / "out.csv"
    # with --top-k the comparison is held whole, then written: two stages
    args = ["compare", "--profiles", str(bundled), "--top-k", "3", "--output", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    rows = target.read_text().count("\n")
    labels = [label for _, _, label in record.calls if label]
    assert labels == ["writing rows"]
    writing = record.calls[record.calls.index((0, rows, "writing rows")) :]
    assert writing[-1] == (rows, rows, None)
    assert record.calls[0][2] is None  # the engine reports first, while scoring


def test_streamed_compare_reports_pairs_as_they_are_written(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --top-k scoring and writing go block by block: one stage, up to every pair."""
    record = Recorder()
    target = tmp_path / "out.csv"

    class Bar:
        def __enter__(self) -> Recorder:
            return record

        def __exit__(self, *args: object) -> None:
            assert target.exists()

    monkeypatch.setattr(compare_cli, "progress_bar", lambda *_: Bar())
    args = ["compare", "--profiles", str(bundled), "--output", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    n = len(list(bundled.glob("*.yaml"))) - 1  # the profiles, not partnerfit.yaml
    done = [call[0] for call in record.calls]
    assert done == sorted(done)
    assert record.calls[-1] == (n * n, n * n, None)
