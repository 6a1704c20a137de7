"""``partnerfit match``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import MATCH_MODES, MATCH_SIDES
from partnerfit.cli.common import (
    OutputOption,
    app,
    handle_errors,
    refuse_html_on_terminal,
    refuse_overwriting_inputs,
    render_options,
    write_output,
)
from partnerfit.cli.compare import NoProgressOption, progress_bar, progress_wanted
from partnerfit.cli.rank import (
    ConfigOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    parse_weights,
    report_set,
)
from partnerfit.errors import UsageError
from partnerfit.render.match import MATCH_FORMATS


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


@app.command("match")
@handle_errors
def match_command(
    left: Annotated[Path, typer.Option("--left", "-l", help="Directory of the left set.")],
    right: Annotated[Path, typer.Option("--right", "-r", help="Directory of the right set.")],
    config: ConfigOption = None,
    capacity: Annotated[
        list[str] | None,
        typer.Option(
            "--capacity",
            help="Partners per member: N for all, or ID=N (repeatable); "
            "default: each profile's capacity, else 1.",
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", help="Both sides' scores must reach S (0..100).", min=0, max=100
        ),
    ] = None,
    mode: Annotated[
        str, typer.Option("--mode", "-m", help="Pairing: " + "|".join(MATCH_MODES))
    ] = "max-total",
    proposer: Annotated[
        str, typer.Option("--proposer", help="Stable mode: side that proposes, left|right.")
    ] = "left",
    weight: WeightOption = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + "|".join(MATCH_FORMATS))
    ] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    no_progress: NoProgressOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Pair the members of two sets: the best total fit, or a stable matching.

    Example: partnerfit match --left profiles --right profiles --mode stable --min-score 30
    """
    from partnerfit.batch.match import match
    from partnerfit.model.profileset import load_profile_set

    if output_format not in MATCH_FORMATS:
        raise UsageError(
            f"unknown format `{output_format}`; choose from {', '.join(MATCH_FORMATS)}"
        )
    refuse_html_on_terminal(output_format, output)
    if mode not in MATCH_MODES:
        raise UsageError(f"unknown mode `{mode}`; choose from {', '.join(MATCH_MODES)}")
    if proposer not in MATCH_SIDES:
        raise UsageError(
            f"unknown proposing side `{proposer}`; choose from {', '.join(MATCH_SIDES)}"
        )
    overrides = parse_weights(weight or [])
    every, capacities = parse_capacities(capacity or [])
    refuse_overwriting_inputs(output, [left, right, config])
    left_set = load_profile_set(left, config_path=config, skip_invalid=skip_invalid)
    report_set(left_set, verbose)
    right_set = load_profile_set(
        right,
        config_path=config if config is not None else left_set.config_source,
        skip_invalid=skip_invalid,
    )
    report_set(right_set, verbose)
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
    write_output([MATCH_FORMATS[output_format](result, render_options())], output)
