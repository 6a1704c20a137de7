"""``partnerfit explain``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import DEFAULT_IMPROVEMENTS
from partnerfit.cli.common import (
    OutputOption,
    app,
    handle_errors,
    refuse_html_on_terminal,
    refuse_overwriting_inputs,
    render_options,
    write_output,
)
from partnerfit.cli.rank import (
    ConfigOption,
    OrderOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    parse_order,
    parse_weights,
    report_set,
    resolve_focal,
)
from partnerfit.errors import UsageError
from partnerfit.render.explain import EXPLAIN_FORMATS


@app.command("explain")
@handle_errors
def explain_command(
    focal: Annotated[str, typer.Argument(help="Id of the focal organisation, or a profile file.")],
    candidate: Annotated[str, typer.Argument(help="Id of the candidate, or a profile file.")],
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    weight: WeightOption = None,
    weights_from_ranking: OrderOption = None,
    suggestions: Annotated[
        int,
        typer.Option("--suggestions", help="How many score-raising changes to show.", min=0),
    ] = DEFAULT_IMPROVEMENTS,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + "|".join(EXPLAIN_FORMATS))
    ] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Explain why CANDIDATE scores what it does as a partner for FOCAL, and what would raise it.

    Example: partnerfit explain greenleaf-coop harvest-hub-distribution --format markdown
    """
    from partnerfit.decide.explain import explain
    from partnerfit.model.profileset import load_profile_set

    if output_format not in EXPLAIN_FORMATS:
        raise UsageError(
            f"unknown format `{output_format}`; choose from {', '.join(EXPLAIN_FORMATS)}"
        )
    refuse_html_on_terminal(output_format, output)
    refuse_overwriting_inputs(output, [profiles_dir, config, focal, candidate])
    overrides = parse_weights(weight or [])
    order = parse_order(weights_from_ranking)
    profiles = load_profile_set(profiles_dir, config_path=config, skip_invalid=skip_invalid)
    report_set(profiles, verbose)
    explanation = explain(
        resolve_focal(focal, profiles),
        resolve_focal(candidate, profiles),
        profiles,
        weight_overrides=overrides,
        criteria_order=order,
        limit=suggestions,
    )
    write_output([EXPLAIN_FORMATS[output_format](explanation, render_options())], output)
