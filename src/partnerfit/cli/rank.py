"""``partnerfit rank``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.choices import DEFAULT_SPREAD, METHOD_NAMES
from partnerfit.cli.common import (
    OutputOption,
    app,
    handle_errors,
    refuse_html_on_terminal,
    refuse_overwriting_inputs,
    render_options,
    warn,
    write_output,
)
from partnerfit.errors import UsageError
from partnerfit.render import RANK_FORMATS

if TYPE_CHECKING:
    from partnerfit.model import Profile
    from partnerfit.model.profileset import ProfileSet


def parse_weights(pairs: list[str]) -> dict[str, float]:
    """Parse ``NAME=VALUE`` options into a mapping; bad input is a usage error."""
    from partnerfit.model import CRITERIA

    weights: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--weight expects NAME=VALUE, not `{pair}`")
        if name not in CRITERIA:
            import difflib

            close = difflib.get_close_matches(name, CRITERIA, n=1)
            hint = (
                f"; did you mean `{close[0]}`?" if close else f"; choose from {', '.join(CRITERIA)}"
            )
            raise UsageError(f"unknown criterion `{name}` in --weight{hint}")
        try:
            weights[name] = float(value)
        except ValueError:
            raise UsageError(f"--weight {name}: `{value}` is not a number") from None
    return weights


def parse_order(text: str | None) -> list[str] | None:
    """Parse ``--weights-from-ranking a,b,c`` into a list of criterion names (None if absent)."""
    if text is None:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]


def resolve_focal(focal: str, profiles: ProfileSet) -> Profile:
    """FOCAL is an id in the set or a path to a profile file."""
    from partnerfit.model.loading import YAML_SUFFIXES
    from partnerfit.model.profileset import load_profile

    found = profiles.get(focal)
    if found is not None:
        return found
    path = Path(focal)
    if path.suffix in YAML_SUFFIXES or path.exists():
        if not path.exists():
            raise UsageError(f"focal profile {focal} does not exist")
        if path.is_dir():
            raise UsageError(f"focal profile {focal} is a directory, not a profile file")
        return load_profile(path, profiles.config.limits)
    raise UsageError(profiles.unknown_id(focal))


def report_set(profiles: ProfileSet, verbose: bool = False) -> None:
    """Tell stderr what was skipped, and warnings found while loading."""
    for bad in profiles.invalid:
        first = bad.findings[0].format().splitlines()[0] if bad.findings else bad.display
        warn(f"skipped invalid {bad.display}: {first}")
    for finding in profiles.warnings:
        warn(finding.format())
    if verbose:
        for line in profiles.ignored:
            warn(f"note: {line}")


ProfilesOption = Annotated[
    Path, typer.Option("--profiles", "-p", help="Directory of profiles (searched recursively).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Scoring config; default: partnerfit.yaml in --profiles."),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(
        "--skip-invalid", help="Skip invalid profiles (each is named) instead of stopping."
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also say which files were ignored and why.")
]
WeightOption = Annotated[
    list[str] | None,
    typer.Option("--weight", "-w", help="Override a weight, NAME=VALUE (repeatable)."),
]
OrderOption = Annotated[
    str | None,
    typer.Option(
        "--weights-from-ranking",
        help="Derive rank-order centroid weights from criteria listed most important first, "
        "comma-separated (unlisted criteria weigh 0).",
    ),
]


@app.command("rank")
@handle_errors
def rank_command(
    focal: Annotated[str, typer.Argument(help="Id of the focal organisation, or a profile file.")],
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    top: Annotated[
        int | None, typer.Option("--top", "-n", help="Show only the best N.", min=1)
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", help="Hide candidates scoring below S (0..100).", min=0, max=100
        ),
    ] = None,
    weight: WeightOption = None,
    weights_from_ranking: OrderOption = None,
    method: Annotated[
        str, typer.Option("--method", "-m", help="Aggregation method: " + "|".join(METHOD_NAMES))
    ] = "weighted-sum",
    robustness: Annotated[
        int | None,
        typer.Option(
            "--robustness",
            help="Sample N weight vectors around the weights and report how ranks move.",
            min=1,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help="Random seed for --robustness (>= 0; default 0)."),
    ] = None,
    spread: Annotated[
        float | None,
        typer.Option(
            "--spread",
            help="Spread P of the sampled weights, 0 < P < 1: each weight w varies with "
            f"standard deviation P·sqrt(w(1−w)) (default {DEFAULT_SPREAD}).",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + "|".join(RANK_FORMATS))
    ] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rank every other organisation in the profile set as a partner for FOCAL.

    Example: partnerfit rank greenleaf-coop --top 5 --method topsis --robustness 10000 --seed 7

    Report: partnerfit rank greenleaf-coop --robustness 2000 --format html --output rank.html
    """
    from partnerfit.decide.ranking import rank
    from partnerfit.model.profileset import load_profile_set

    if output_format not in RANK_FORMATS:
        raise UsageError(f"unknown format `{output_format}`; choose from {', '.join(RANK_FORMATS)}")
    refuse_html_on_terminal(output_format, output)
    refuse_overwriting_inputs(output, [profiles_dir, config, focal])
    if method not in METHOD_NAMES:
        raise UsageError(f"unknown method `{method}`; choose from {', '.join(METHOD_NAMES)}")
    overrides = parse_weights(weight or [])
    order = parse_order(weights_from_ranking)
    if order is not None and overrides:
        raise UsageError("give either --weight or --weights-from-ranking, not both")
    if robustness is None and (seed is not None or spread is not None):
        raise UsageError("--seed and --spread apply only with --robustness N")
    profiles = load_profile_set(profiles_dir, config_path=config, skip_invalid=skip_invalid)
    report_set(profiles, verbose)
    focal_profile = resolve_focal(focal, profiles)
    ranking = rank(
        focal_profile,
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
    write_output([RANK_FORMATS[output_format](ranking, render_options())], output)
