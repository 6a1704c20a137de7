"""``partnerfit rank``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import DEFAULT_SPREAD, MAX_SAMPLES, MIN_SPREAD, Method
from partnerfit.cli.common import app, handle_errors, render_options
from partnerfit.cli.options import (
    ConfigOption,
    ExcludeOption,
    FocalArgument,
    KindFilterOption,
    OrderOption,
    OutputOption,
    ProfilesOption,
    RegionFilterOption,
    SectorFilterOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    candidate_filter,
    choice_parser,
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
from partnerfit.errors import UsageError
from partnerfit.render.rank import RANK_FORMATS
from partnerfit.render.registry import RankFormat

TopOption = Annotated[
    int | None, typer.Option("--top", "-n", help="Show only the best N.", min=1, metavar="N")
]
MinScoreOption = Annotated[
    float | None,
    typer.Option(
        "--min-score", help="Hide candidates scoring below S (0..100).", min=0, max=100, metavar="S"
    ),
]
MethodOption = Annotated[
    Method,
    typer.Option(
        "--method",
        "-m",
        parser=choice_parser(Method, "method"),
        help="Aggregation method.",
    ),
]
RobustnessOption = Annotated[
    int | None,
    typer.Option(
        "--robustness",
        help=f"Sample N weight vectors (at most {MAX_SAMPLES:,}) around the weights and report "
        "how ranks move.",
        min=1,
        metavar="N",
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed", min=0, help="Random seed for --robustness (>= 0; default 0).", metavar="S"
    ),
]
SpreadOption = Annotated[
    float | None,
    typer.Option(
        "--spread",
        help=f"Spread P of the sampled weights, {MIN_SPREAD:g} ≤ P < 1: each weight w varies with "
        f"standard deviation P·sqrt(w(1−w)) (default {DEFAULT_SPREAD}).",
        metavar="P",
    ),
]


@app.command("rank")
@handle_errors
def rank_command(
    focal: FocalArgument,
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    kind: KindFilterOption = None,
    sector: SectorFilterOption = None,
    region: RegionFilterOption = None,
    exclude: ExcludeOption = None,
    top: TopOption = None,
    min_score: MinScoreOption = None,
    weight: WeightOption = None,
    weights_from_ranking: OrderOption = None,
    method: MethodOption = "weighted-sum",
    robustness: RobustnessOption = None,
    seed: SeedOption = None,
    spread: SpreadOption = None,
    output_format: Annotated[RankFormat, format_option(RankFormat)] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rank every other organisation in the profile set as a partner for FOCAL.

    Filters choose the candidates: --kind, --sector and --region keep those that match any of
    the values given (all three must match), --exclude leaves one out.

    \b
    Examples:
      partnerfit rank greenleaf-coop --top 5
      partnerfit rank greenleaf-coop --kind business --sector food --exclude crunchco-snacks
      partnerfit rank greenleaf-coop --method topsis --robustness 10000 --seed 7
      partnerfit rank greenleaf-coop --format markdown --output ranking.md
      partnerfit rank greenleaf-coop --robustness 2000 --format html --output rank.html
    """
    from partnerfit.decide.ranking import rank
    from partnerfit.model.selection import select

    check_html_output(output_format, output)
    refuse_overwriting_inputs(output, [profiles_dir, config, focal])
    overrides = parse_weights(weight or [])
    order = parse_order(weights_from_ranking)
    _refuse_conflicts(overrides, order, robustness, seed, spread)
    chosen = candidate_filter(kind, sector, region, exclude)
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    focal_profile = resolve_focal(focal, profiles)
    profiles = select(profiles, chosen, keep=(focal_profile.id,))
    ranking = rank(
        focal_profile,
        profiles,
        extra_notes=[chosen.describe()] if chosen else [],
        weight_overrides=overrides,
        top=top,
        min_score=min_score,
        method=method,
        criteria_order=order,
        robustness=robustness,
        seed=0 if seed is None else seed,
        spread=DEFAULT_SPREAD if spread is None else spread,
    )
    write_output([RANK_FORMATS[output_format](ranking, render_options())], output, output_format)


def _refuse_conflicts(
    overrides: dict[str, float],
    order: list[str] | None,
    robustness: int | None,
    seed: int | None,
    spread: float | None,
) -> None:
    """Options that make no sense together are a usage error, before any file is read."""
    if order is not None and overrides:
        raise UsageError("give either --weight or --weights-from-ranking, not both")
    if robustness is None and (seed is not None or spread is not None):
        raise UsageError("--seed and --spread apply only with --robustness N")
