"""``partnerfit compare``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.common import app, handle_errors, render_options
from partnerfit.cli.completion import complete_profile_id
from partnerfit.cli.options import (
    ConfigOption,
    ExcludeOption,
    KindFilterOption,
    NoProgressOption,
    OutputOption,
    ProfilesOption,
    RegionFilterOption,
    SectorFilterOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    candidate_filter,
    format_option,
    parse_weights,
)
from partnerfit.cli.output import (
    check_html_output,
    counted_lines,
    progress_bar,
    progress_wanted,
    refuse_overwriting_inputs,
    write_output,
)
from partnerfit.cli.sets import load_set, resolve_focal
from partnerfit.errors import UsageError
from partnerfit.render.compare import COMPARE_FORMATS, COMPARE_STREAMS
from partnerfit.render.registry import CompareFormat

if TYPE_CHECKING:
    from partnerfit.batch.comparison import Comparison
    from partnerfit.cli.output import Stages
    from partnerfit.model import Profile
    from partnerfit.model.profileset import ProfileSet
    from partnerfit.model.selection import CandidateFilter

JSON_MAX_PAIRS = 1_000_000
"""Pairs past which ``--format json`` without ``--top-k`` is refused: it is one document."""

FocalsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--focal",
        "-F",
        help="Focal id or profile file (repeatable); default: every member.",
        autocompletion=complete_profile_id,
    ),
]
CandidatesOption = Annotated[
    Path | None,
    typer.Option("--candidates", help="Directory of candidates; default: the profile set."),
]
TopKOption = Annotated[
    int | None, typer.Option("--top-k", "-k", help="Keep only the best K per focal.", min=1)
]
MinScoreOption = Annotated[
    float | None,
    typer.Option("--min-score", help="Drop pairs scoring below S (0..100).", min=0, max=100),
]


@app.command("compare")
@handle_errors
def compare_command(
    focal: FocalsOption = None,
    profiles_dir: ProfilesOption = Path("profiles"),
    candidates_dir: CandidatesOption = None,
    config: ConfigOption = None,
    kind: KindFilterOption = None,
    sector: SectorFilterOption = None,
    region: RegionFilterOption = None,
    exclude: ExcludeOption = None,
    top_k: TopKOption = None,
    min_score: MinScoreOption = None,
    weight: WeightOption = None,
    output_format: Annotated[CompareFormat, format_option(CompareFormat)] = "csv",
    output: OutputOption = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Score on the Dask cluster at ADDRESS (tcp://host:8786); needs --top-k "
            "and partnerfit[dask].",
            metavar="ADDRESS",
        ),
    ] = None,
    skip_invalid: SkipInvalidOption = False,
    no_progress: NoProgressOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Score every focal against every candidate (all members against all others by default).

    --kind, --sector, --region and --exclude choose the candidates (the focals stay).

    \b
    Examples:
      partnerfit compare --top-k 3 --format jsonl --output fits.jsonl
      partnerfit compare --focal greenleaf-coop --kind business --sector food --top-k 5
    """
    check_html_output(output_format, output)
    refuse_overwriting_inputs(output, [profiles_dir, candidates_dir, config, *(focal or [])])
    from partnerfit.batch.engine import compare

    if scheduler is not None and top_k is None:
        raise UsageError("--scheduler needs --top-k: a cluster returns each focal's best K")
    overrides = parse_weights(weight or [])
    chosen = candidate_filter(kind, sector, region, exclude)
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    candidates = _candidate_set(
        profiles, candidates_dir, config, chosen, skip_invalid, verbose, output_format
    )
    focals = [resolve_focal(f, profiles) for f in focal] if focal else None
    if scheduler is not None and top_k is not None:
        comparison = _compare_on_dask(
            scheduler, profiles, focals, candidates, top_k, min_score, overrides
        )
        write_output(
            COMPARE_FORMATS[output_format](comparison, render_options()), output, output_format
        )
        return
    n_focals = len(focals) if focals else len(profiles.profiles)
    n_candidates = len((candidates or profiles).profiles)
    if top_k is None and output_format == "json" and n_focals * n_candidates > JSON_MAX_PAIRS:
        raise UsageError(
            f"--format json holds every pair in memory: at most {JSON_MAX_PAIRS:,} pairs "
            f"without --top-k, not {n_focals * n_candidates:,}; use --format jsonl, which "
            "streams (or --top-k)"
        )
    if output_format == "html" and top_k is None:
        members = (candidates or profiles).profiles
        _refuse_large_html(focals or profiles.profiles, members, min_score)
    with progress_bar(progress_wanted(no_progress), "scoring pairs") as progress:
        if top_k is None and output_format in COMPARE_STREAMS:
            _write_streamed(
                profiles, focals, candidates, min_score, overrides, progress, output_format, output
            )
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
        # the bar carries on while the output is written: for millions of rows that is most
        # of the run (one line per pair in csv/jsonl, one per focal in the matrix)
        lines = {
            "csv": comparison.pair_count + 1,
            "jsonl": comparison.pair_count,
            "matrix": len(comparison.focals) + 1,
            "coverage-matrix": len(comparison.focals) + 1,
        }.get(output_format)
        chunks = COMPARE_FORMATS[output_format](comparison, render_options())
        write_output(counted_lines(chunks, lines, progress, "writing rows"), output, output_format)


def _refuse_large_html(
    focals: Sequence[Profile], candidates: Sequence[Profile], min_score: float | None
) -> None:
    """Refuse before scoring an html report without ``--top-k`` that could only be refused
    after (every pair of 10,000² would be scored and held first). Its columns are the
    candidates paired with some focal other than themselves: all of them, less the focal's
    own column when it is the only focal; unknown before scoring under ``--min-score``."""
    from partnerfit.render.compare.html import too_large

    columns: int | None = len(candidates)
    if min_score is not None:
        columns = None
    elif len(focals) == 1:
        columns = sum(1 for candidate in candidates if candidate.id != focals[0].id)
    refusal = too_large(len(focals), columns)
    if refusal is not None:
        raise refusal


def _candidate_set(
    profiles: ProfileSet,
    candidates_dir: Path | None,
    config: Path | None,
    chosen: CandidateFilter,
    skip_invalid: bool,
    verbose: bool,
    output_format: str,
) -> ProfileSet | None:
    """The candidates when they are not the focal set: another directory, or a selection."""
    from partnerfit.model.selection import select
    from partnerfit.render.compare.table import TABLE_MAX_CANDIDATES

    candidates = None
    if candidates_dir is not None:
        candidates = load_set(
            candidates_dir,
            config if config is not None else profiles.config_source,
            skip_invalid=skip_invalid,
            verbose=verbose,
        )
    if chosen:
        candidates = select(candidates or profiles, chosen)
    n_candidates = len((candidates or profiles).profiles)
    if output_format == "table" and n_candidates > TABLE_MAX_CANDIDATES:
        raise UsageError(
            f"the table heat-map shows at most {TABLE_MAX_CANDIDATES} candidates, not "
            f"{n_candidates}; use --format matrix, csv or jsonl"
        )
    return candidates


def _compare_on_dask(
    scheduler: str,
    profiles: ProfileSet,
    focals: list[Profile] | None,
    candidates: ProfileSet | None,
    top_k: int,
    min_score: float | None,
    overrides: dict[str, float],
) -> Comparison:
    """Each focal's best K, from candidate partitions scored on the cluster."""
    from partnerfit.batch.distributed import compare_on_dask, connect

    with connect(scheduler) as client:
        return compare_on_dask(
            client,
            profiles,
            focals,
            candidates,
            top_k=top_k,
            min_score=min_score,
            weight_overrides=overrides,
        )


def _write_streamed(
    profiles: ProfileSet,
    focals: list[Profile] | None,
    candidates: ProfileSet | None,
    min_score: float | None,
    overrides: dict[str, float],
    progress: Stages | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Every pair, written a block of focals at a time, never held whole."""
    from partnerfit.batch.engine import compare_blocks

    blocks = compare_blocks(
        profiles,
        focals,
        candidates,
        min_score=min_score,
        weight_overrides=overrides,
        progress=progress,
    )
    write_output(COMPARE_STREAMS[output_format](blocks, render_options()), output, output_format)
