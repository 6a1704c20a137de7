"""``partnerfit rank``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import DEFAULT_SPREAD, Method
from partnerfit.cli.common import app, emit, handle_errors, render_options
from partnerfit.cli.options import (
    ConfigOption,
    OrderOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    choice_parser,
    format_option,
    parse_order,
    parse_weights,
)
from partnerfit.cli.sets import load_set, resolve_focal
from partnerfit.errors import UsageError
from partnerfit.render.rank import RANK_FORMATS
from partnerfit.render.registry import RankFormat

TopOption = Annotated[int | None, typer.Option("--top", "-n", help="Show only the best N.", min=1)]
MinScoreOption = Annotated[
    float | None,
    typer.Option("--min-score", help="Hide candidates scoring below S (0..100).", min=0, max=100),
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
        help="Sample N weight vectors around the weights and report how ranks move.",
        min=1,
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", min=0, help="Random seed for --robustness (>= 0; default 0)."),
]
SpreadOption = Annotated[
    float | None,
    typer.Option(
        "--spread",
        help="Spread P of the sampled weights, 0 < P < 1: each weight w varies with "
        f"standard deviation P·sqrt(w(1−w)) (default {DEFAULT_SPREAD}).",
    ),
]


@app.command("rank")
@handle_errors
def rank_command(
    focal: Annotated[str, typer.Argument(help="Id of the focal organisation, or a profile file.")],
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    top: TopOption = None,
    min_score: MinScoreOption = None,
    weight: WeightOption = None,
    weights_from_ranking: OrderOption = None,
    method: MethodOption = "weighted-sum",
    robustness: RobustnessOption = None,
    seed: SeedOption = None,
    spread: SpreadOption = None,
    output_format: Annotated[RankFormat, format_option(RankFormat)] = "table",
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rank every other organisation in the profile set as a partner for FOCAL.

    Example: partnerfit rank greenleaf-coop --top 5 --method topsis --robustness 10000 --seed 7
    """
    from partnerfit.decide.ranking import rank

    overrides = parse_weights(weight or [])
    order = parse_order(weights_from_ranking)
    _refuse_conflicts(overrides, order, robustness, seed, spread)
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    ranking = rank(
        resolve_focal(focal, profiles),
        profiles,
        weight_overrides=overrides,
        top=top,
        min_score=min_score,
        method=method,
        criteria_order=order,
        robustness=robustness,
        seed=0 if seed is None else seed,
        spread=DEFAULT_SPREAD if spread is None else spread,
    )
    emit(RANK_FORMATS[output_format](ranking, render_options()), output_format)


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
