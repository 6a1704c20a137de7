"""``partnerfit explain``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import DEFAULT_IMPROVEMENTS
from partnerfit.cli.common import app, handle_errors, render_options
from partnerfit.cli.completion import complete_profile_id
from partnerfit.cli.options import (
    ConfigOption,
    FocalArgument,
    OrderOption,
    OutputOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    format_option,
    parse_order,
    parse_weights,
)
from partnerfit.cli.output import (
    check_html_output,
    refuse_overwriting_inputs,
    write_output,
)
from partnerfit.cli.sets import load_set, resolve_focal
from partnerfit.render.explain import EXPLAIN_FORMATS, SIDE_BY_SIDE_FORMATS
from partnerfit.render.registry import ExplainFormat


@app.command("explain")
@handle_errors
def explain_command(
    focal: FocalArgument,
    candidates: Annotated[
        list[str],
        typer.Argument(
            help="Id of a candidate, or a profile file; several are shown side by side.",
            metavar="CANDIDATE",
            autocompletion=complete_profile_id,
        ),
    ],
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    weight: WeightOption = None,
    weights_from_ranking: OrderOption = None,
    suggestions: Annotated[
        int,
        typer.Option(
            "--suggestions", help="How many score-raising changes to show.", min=0, metavar="N"
        ),
    ] = DEFAULT_IMPROVEMENTS,
    output_format: Annotated[ExplainFormat, format_option(ExplainFormat)] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Explain why CANDIDATE scores what it does as a partner for FOCAL, and what would raise it.

    With several candidates, shows them side by side: a column per candidate with the score,
    tier, rank, coverage, each criterion's score and points, and the change that would add the
    most.

    \b
    Examples:
      partnerfit explain greenleaf-coop harvest-hub-distribution
      partnerfit explain greenleaf-coop harvest-hub-distribution verdant-impact-fund
      partnerfit explain greenleaf-coop harvest-hub-distribution --format markdown
    """
    from partnerfit.decide.explain import explain_each

    check_html_output(output_format, output)
    refuse_overwriting_inputs(output, [profiles_dir, config, focal, *candidates])
    overrides = parse_weights(weight or [])
    order = parse_order(weights_from_ranking)
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    focal_profile = resolve_focal(focal, profiles)
    explanations = explain_each(
        focal_profile,
        [resolve_focal(candidate, profiles) for candidate in candidates],
        profiles,
        weight_overrides=overrides,
        criteria_order=order,
        limit=suggestions,
    )
    options = render_options()
    if len(explanations) == 1:
        text = EXPLAIN_FORMATS[output_format](explanations[0], options)
    else:
        text = SIDE_BY_SIDE_FORMATS[output_format](explanations, options)
    write_output([text], output, output_format)
