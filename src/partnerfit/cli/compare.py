"""``partnerfit compare``."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.common import app, emit, handle_errors, render_options
from partnerfit.cli.rank import (
    ConfigOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    parse_weights,
    report_set,
    resolve_focal,
)
from partnerfit.errors import UsageError
from partnerfit.render.compare import COMPARE_FORMATS, COMPARE_STREAMS

if TYPE_CHECKING:
    from partnerfit.batch.engine import Progress

JSON_MAX_PAIRS = 1_000_000
"""Pairs past which ``--format json`` without ``--top-k`` is refused: it is one document."""

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE atomically (temporary file, then rename)."),
]
NoProgressOption = Annotated[
    bool, typer.Option("--no-progress", help="No progress bar (it only shows on a terminal).")
]


def progress_wanted(disabled: bool) -> bool:
    """A progress bar only on a terminal stderr, and not when TERM is dumb."""
    if disabled or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextlib.contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, fed by the engine's (done, total) callback."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def write_output(chunks: Iterable[str], output: Path | None) -> None:
    """Stream the chunks to stdout, or atomically to the output file."""
    if output is None:
        for chunk in chunks:
            emit(chunk)
    else:
        from partnerfit.io.atomic import write_atomic

        write_atomic(output, chunks)


def refuse_overwriting_inputs(output: Path | None, inputs: Iterable[Path | str | None]) -> None:
    """--output must not replace a profile or config the command reads."""
    from partnerfit.model.loading import YAML_SUFFIXES

    if output is None:
        return
    target = output.resolve()
    for given in inputs:
        if given is None:
            continue
        source = Path(given).resolve()
        inside = source.is_dir() and target.is_relative_to(source)
        if target == source or (inside and target.suffix in YAML_SUFFIXES):
            raise UsageError(f"--output {output} would overwrite an input of this command")


@app.command("compare")
@handle_errors
def compare_command(
    focal: Annotated[
        list[str] | None,
        typer.Option(
            "--focal", "-F", help="Focal id or profile file (repeatable); default: every member."
        ),
    ] = None,
    profiles_dir: ProfilesOption = Path("profiles"),
    candidates_dir: Annotated[
        Path | None,
        typer.Option("--candidates", help="Directory of candidates; default: the profile set."),
    ] = None,
    config: ConfigOption = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", "-k", help="Keep only the best K per focal.", min=1)
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", help="Drop pairs scoring below S (0..100).", min=0, max=100),
    ] = None,
    weight: WeightOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + "|".join(COMPARE_FORMATS))
    ] = "csv",
    output: OutputOption = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Score on the Dask cluster at ADDRESS (tcp://host:8786); needs --top-k "
            "and partnerfit[dask].",
        ),
    ] = None,
    skip_invalid: SkipInvalidOption = False,
    no_progress: NoProgressOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Score every focal against every candidate (all members against all others by default).

    Example: partnerfit compare --top-k 3 --format jsonl --output fits.jsonl
    """
    refuse_overwriting_inputs(output, [profiles_dir, candidates_dir, config, *(focal or [])])
    from partnerfit.batch.engine import compare, compare_blocks
    from partnerfit.model.profileset import load_profile_set
    from partnerfit.render.compare.table import TABLE_MAX_CANDIDATES

    if output_format not in COMPARE_FORMATS:
        raise UsageError(
            f"unknown format `{output_format}`; choose from {', '.join(COMPARE_FORMATS)}"
        )
    if scheduler is not None and top_k is None:
        raise UsageError("--scheduler needs --top-k: a cluster returns each focal's best K")
    overrides = parse_weights(weight or [])
    profiles = load_profile_set(profiles_dir, config_path=config, skip_invalid=skip_invalid)
    report_set(profiles, verbose)
    candidates = None
    if candidates_dir is not None:
        candidates = load_profile_set(
            candidates_dir,
            config_path=config if config is not None else profiles.config_source,
            skip_invalid=skip_invalid,
        )
        report_set(candidates, verbose)
    n_candidates = len((candidates or profiles).profiles)
    if output_format == "table" and n_candidates > TABLE_MAX_CANDIDATES:
        raise UsageError(
            f"the table heat-map shows at most {TABLE_MAX_CANDIDATES} candidates, not "
            f"{n_candidates}; use --format matrix, csv or jsonl"
        )
    focals = [resolve_focal(f, profiles) for f in focal] if focal else None
    if scheduler is not None and top_k is not None:
        from partnerfit.batch.distributed import compare_on_dask, connect

        with connect(scheduler) as client:
            comparison = compare_on_dask(
                client,
                profiles,
                focals,
                candidates,
                top_k=top_k,
                min_score=min_score,
                weight_overrides=overrides,
            )
        write_output(COMPARE_FORMATS[output_format](comparison, render_options()), output)
        return
    n_focals = len(focals) if focals else len(profiles.profiles)
    if top_k is None and output_format == "json" and n_focals * n_candidates > JSON_MAX_PAIRS:
        raise UsageError(
            f"--format json holds every pair in memory: at most {JSON_MAX_PAIRS:,} pairs "
            f"without --top-k, not {n_focals * n_candidates:,}; use --format jsonl, which "
            "streams (or --top-k)"
        )
    with progress_bar(progress_wanted(no_progress), "scoring pairs") as progress:
        if top_k is None and output_format in COMPARE_STREAMS:
            # every pair: written a block of focals at a time, never held whole
            blocks = compare_blocks(
                profiles,
                focals,
                candidates,
                min_score=min_score,
                weight_overrides=overrides,
                progress=progress,
            )
            write_output(COMPARE_STREAMS[output_format](blocks, render_options()), output)
            return
        comparison = compare(
            profiles,
            focals,
            candidates,
            top_k=top_k,
            min_score=min_score,
            weight_overrides=overrides,
            progress=progress,
        )
    write_output(COMPARE_FORMATS[output_format](comparison, render_options()), output)
