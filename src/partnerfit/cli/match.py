"""``partnerfit match``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import MatchMode, MatchSide
from partnerfit.cli.common import app, handle_errors, render_options
from partnerfit.cli.completion import complete_left_id
from partnerfit.cli.options import (
    NoProgressOption,
    OutputOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    choice_parser,
    format_option,
    parse_weights,
)
from partnerfit.cli.output import (
    check_html_output,
    progress_bar,
    progress_wanted,
    refuse_overwriting_inputs,
    write_output,
)
from partnerfit.cli.sets import load_set
from partnerfit.errors import UsageError
from partnerfit.render.match import MATCH_FORMATS
from partnerfit.render.registry import MatchFormat


def parse_capacities(values: list[str]) -> tuple[int | None, dict[str, int]]:
    """``N`` sets every member's capacity, ``ID=N`` one member's; bad input is a usage error."""
    every: int | None = None
    overrides: dict[str, int] = {}
    for value in values:
        member, sep, number = value.rpartition("=")
        try:
            count = int(number)
        except ValueError:
            raise UsageError(f"--capacity expects N or ID=N, not `{value}`") from None
        if sep and not member.strip():
            raise UsageError(f"--capacity expects N or ID=N, not `{value}`")
        if sep:
            overrides[member.strip()] = count
        else:
            every = count
    return every, overrides


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Scoring config; default: partnerfit.yaml in --left.",
        metavar="FILE",
    ),
]
LeftOption = Annotated[Path, typer.Option("--left", "-l", help="Directory of the left set.")]
RightOption = Annotated[Path, typer.Option("--right", "-r", help="Directory of the right set.")]
CapacityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--capacity",
        autocompletion=complete_left_id,
        help="Partners per member: N for all, or ID=N (repeatable); "
        "default: each profile's capacity, else 1.",
    ),
]
MinScoreOption = Annotated[
    float | None,
    typer.Option("--min-score", help="Both sides' scores must reach S (0..100).", min=0, max=100),
]
ModeOption = Annotated[
    MatchMode,
    typer.Option(
        "--mode",
        "-m",
        parser=choice_parser(MatchMode, "mode"),
        help="Pairing: the best total fit, or a stable matching.",
    ),
]
ProposerOption = Annotated[
    MatchSide,
    typer.Option(
        "--proposer",
        parser=choice_parser(MatchSide, "proposing side"),
        help="Stable mode: the side that proposes.",
    ),
]


@app.command("match")
@handle_errors
def match_command(
    left: LeftOption,
    right: RightOption,
    config: ConfigOption = None,
    capacity: CapacityOption = None,
    min_score: MinScoreOption = None,
    mode: ModeOption = "max-total",
    proposer: ProposerOption = "left",
    weight: WeightOption = None,
    output_format: Annotated[MatchFormat, format_option(MatchFormat)] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    no_progress: NoProgressOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Pair the members of two sets: the best total fit, or a stable matching.

    Example: partnerfit match --left profiles --right profiles --mode stable --min-score 30
    """
    from partnerfit.batch.match import match

    overrides = parse_weights(weight or [])
    every, capacities = parse_capacities(capacity or [])
    check_html_output(output_format, output)
    refuse_overwriting_inputs(output, [left, right, config])
    left_set = load_set(left, config, skip_invalid=skip_invalid, verbose=verbose)
    right_set = load_set(
        right,
        config if config is not None else left_set.config_source,
        skip_invalid=skip_invalid,
        verbose=verbose,
    )
    with progress_bar(progress_wanted(no_progress), "scoring pairs") as progress:
        result = match(
            left_set,
            right_set,
            mode=mode,
            capacity=every,
            capacities=capacities,
            min_score=min_score,
            proposer=proposer,
            config=left_set.config,
            weight_overrides=overrides,
            progress=progress,
        )
    write_output([MATCH_FORMATS[output_format](result, render_options())], output, output_format)
