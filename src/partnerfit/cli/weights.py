"""``partnerfit weights``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.choices import GroupMethod
from partnerfit.cli.common import app, handle_errors, render_options, warn
from partnerfit.cli.options import (
    ConfigOption,
    OutputOption,
    ProfilesOption,
    choice_parser,
    format_option,
)
from partnerfit.cli.output import refuse_overwriting_inputs, write_output
from partnerfit.errors import UsageError
from partnerfit.render.registry import WeightsFormat
from partnerfit.render.weights import WEIGHTS_FORMATS

if TYPE_CHECKING:
    from partnerfit.decide.weights import WeightsAnalysis

WriteConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--write-config",
        help="Also write a partnerfit.yaml with these weights (synonyms, tiers and limits from "
        "the current config) for rank, compare and match --config.",
        metavar="FILE",
    ),
]


def write_config(
    target: Path, text: str, inputs: list[Path | None], *, command: str = "rank FOCAL"
) -> None:
    """Write a derived config atomically, never over an input, and say how to use it."""
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
            help="Judgements file (kind: judgements), e.g. judgements/stakeholders.yaml.",
            metavar="JUDGEMENTS",
        ),
    ],
    group: Annotated[
        GroupMethod,
        typer.Option(
            "--group",
            "-g",
            parser=choice_parser(GroupMethod, "group method"),
            help="Group weights from: aij (geometric mean of the judgements; the group decides "
            "as one) or aip (geometric mean of each stakeholder's priorities).",
        ),
    ] = "aij",
    output_format: Annotated[WeightsFormat, format_option(WeightsFormat)] = "table",
    output: OutputOption = None,
    write_config_to: WriteConfigOption = None,
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
) -> None:
    """Weights from stakeholders' pairwise judgements (AHP), with consistency and consensus.

    \b
    Examples:
      partnerfit weights judgements/stakeholders.yaml
      partnerfit weights judgements/stakeholders.yaml --group aip --format markdown
      partnerfit weights judgements/stakeholders.yaml --write-config weights.yaml
    """
    refuse_overwriting_inputs(output, [judgements, config, profiles_dir])
    if not judgements.is_file():
        raise UsageError(f"judgements file {judgements} does not exist or is not a file")
    from partnerfit.decide.weights import analyse_judgements
    from partnerfit.io.paths import display_path
    from partnerfit.model.judgements import load_judgements

    shown = display_path(judgements)
    loaded = load_judgements(judgements, shown)
    analysis = analyse_judgements(loaded, shown, group)
    if write_config_to is not None:
        _write(analysis, write_config_to, profiles_dir, config, judgements)
    rendered = WEIGHTS_FORMATS[output_format](analysis, render_options())
    write_output([rendered], output, output_format)
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
