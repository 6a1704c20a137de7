"""``partnerfit weights``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.choices import GROUP_METHODS
from partnerfit.cli.common import app, emit, handle_errors, render_options, warn
from partnerfit.cli.rank import ConfigOption, ProfilesOption
from partnerfit.errors import UsageError
from partnerfit.render.weights import WEIGHTS_FORMATS

if TYPE_CHECKING:
    from partnerfit.decide.weights import WeightsAnalysis

WriteConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--write-config",
        help="Also write a partnerfit.yaml with these weights (synonyms, tiers and limits from "
        "the current config) for rank, compare and match --config.",
    ),
]


def write_config(
    target: Path, text: str, inputs: list[Path | None], *, command: str = "rank FOCAL"
) -> None:
    """Write a derived config atomically, never over an input, and say how to use it."""
    from partnerfit.cli.compare import refuse_overwriting_inputs
    from partnerfit.io.atomic import write_atomic

    try:
        refuse_overwriting_inputs(target, inputs)
    except UsageError:
        raise UsageError(
            f"--write-config {target} would overwrite an input of this command"
        ) from None
    write_atomic(target, [text])
    warn(f"wrote {target}; use it with: partnerfit {command} --config {target}")


@app.command("weights")
@handle_errors
def weights_command(
    judgements: Annotated[
        Path,
        typer.Argument(
            help="Judgements file (kind: judgements), e.g. judgements/stakeholders.yaml."
        ),
    ],
    group: Annotated[
        str,
        typer.Option(
            "--group",
            "-g",
            help="Group weights from: aij (geometric mean of the judgements; the group decides "
            "as one) or aip (geometric mean of each stakeholder's priorities).",
        ),
    ] = "aij",
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: " + "|".join(WEIGHTS_FORMATS))
    ] = "table",
    write_config_to: WriteConfigOption = None,
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
) -> None:
    """Weights from stakeholders' pairwise judgements (AHP), with consistency and consensus.

    Example: partnerfit weights judgements/stakeholders.yaml --write-config weights.yaml
    """
    if output_format not in WEIGHTS_FORMATS:
        raise UsageError(
            f"unknown format `{output_format}`; choose from {', '.join(WEIGHTS_FORMATS)}"
        )
    if group not in GROUP_METHODS:
        raise UsageError(f"unknown group method `{group}`; choose from aij, aip")
    if not judgements.is_file():
        raise UsageError(f"judgements file {judgements} does not exist or is not a file")
    from partnerfit.decide.weights import analyse_judgements
    from partnerfit.model.judgements import load_judgements
    from partnerfit.model.profileset import display_path

    shown = display_path(judgements)
    loaded = load_judgements(judgements, shown)
    analysis = analyse_judgements(loaded, shown, "aij" if group == "aij" else "aip")
    if write_config_to is not None:
        _write(analysis, write_config_to, profiles_dir, config, judgements)
    emit(WEIGHTS_FORMATS[output_format](analysis, render_options()))
    for line in analysis.warnings:
        warn(f"warning: {line}")


def _write(
    analysis: WeightsAnalysis, target: Path, profiles_dir: Path, config: Path | None, source: Path
) -> None:
    from partnerfit.model import CRITERIA
    from partnerfit.model.profileset import read_config
    from partnerfit.render.config_file import render_config

    unknown = [c for c in analysis.criteria if c not in CRITERIA]
    if unknown:
        raise UsageError(
            f"--write-config needs partnerfit's criteria; {', '.join(unknown)} "
            f"{'is' if len(unknown) == 1 else 'are'} not among {', '.join(CRITERIA)}"
        )
    base, _ = read_config(config, profiles_dir if profiles_dir.is_dir() else None)
    text = render_config(
        base,
        analysis.group_weights,
        analysis.describe_source(),
        command=f"partnerfit weights {analysis.source} --group {analysis.group_method}",
    )
    write_config(target, text, [source, config, profiles_dir])
