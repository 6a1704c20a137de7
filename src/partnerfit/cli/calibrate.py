"""``partnerfit calibrate``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerfit.cli.common import app, handle_errors, render_options, warn
from partnerfit.cli.options import (
    ConfigOption,
    OutputOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    WeightOption,
    format_option,
    parse_weights,
)
from partnerfit.cli.output import refuse_overwriting_inputs, write_output
from partnerfit.cli.review import parse_as_of
from partnerfit.cli.sets import load_set
from partnerfit.cli.weights import WriteConfigOption, write_config
from partnerfit.errors import UsageError
from partnerfit.render.calibrate import CALIBRATE_FORMATS
from partnerfit.render.registry import CalibrateFormat

if TYPE_CHECKING:
    from partnerfit.decide.calibrate import OutcomeRecord
    from partnerfit.model.profileset import ProfileSet


@app.command("calibrate")
@handle_errors
def calibrate_command(
    outcomes: Annotated[
        Path,
        typer.Argument(
            help="Outcomes of past partnerships: outcomes files (kind: outcomes) or "
            "partnership files (kind: partnership, their outcome or else their health), a "
            "file or a directory searched recursively, e.g. outcomes/ or partnerships/.",
            metavar="OUTCOMES",
        ),
    ],
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    weight: WeightOption = None,
    max_change: Annotated[
        float | None,
        typer.Option(
            "--max-change",
            help="Keep each weight within D of its current value (0 < D <= 1), so that "
            "judgement is not thrown away; default: free.",
            metavar="D",
        ),
    ] = None,
    success_at: Annotated[
        float,
        typer.Option(
            "--success-at",
            help="Outcome (0..100) from which a partnership counts as a success, for the "
            "tier suggestions.",
            metavar="SCORE",
            min=0,
            max=100,
        ),
    ] = 60.0,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Review partnership files as of this date, YYYY-MM-DD (default today): the "
            "health of one without a recorded outcome is its outcome.",
            metavar="DATE",
        ),
    ] = None,
    output_format: Annotated[CalibrateFormat, format_option(CalibrateFormat)] = "table",
    output: OutputOption = None,
    write_config_to: WriteConfigOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write the config even when cross-validation shows no improvement."
        ),
    ] = False,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Fit the criterion weights to the outcomes of past partnerships, cross-validated.

    Profiles should be as they were when each partner was chosen.

    \b
    Examples:
      partnerfit calibrate outcomes/past-partnerships.yaml
      partnerfit calibrate outcomes/past-partnerships.yaml --max-change 0.15
      partnerfit calibrate outcomes/ --write-config calibrated.yaml
      partnerfit calibrate partnerships/ --as-of 2026-11-15
    """
    refuse_overwriting_inputs(output, [outcomes, profiles_dir, config])
    if max_change is not None and not 0 < max_change <= 1:
        raise UsageError(f"--max-change must be within 0 < D <= 1, not {max_change:g}")
    if not outcomes.exists():
        raise UsageError(f"outcomes file {outcomes} does not exist")
    from partnerfit.batch.calibrate import calibrate
    from partnerfit.scoring.card import resolve_weights

    overrides = parse_weights(weight or [])
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    records, shown = _records(outcomes, profiles, parse_as_of(as_of))
    result = calibrate(
        records,
        profiles,
        resolve_weights(profiles.config, overrides),
        source=shown,
        max_change=max_change,
        success_at=success_at / 100,
    )
    rendered = CALIBRATE_FORMATS[output_format](result, render_options())
    write_output([rendered], output, output_format)
    for line in result.warnings:
        warn(f"warning: {line}")
    if write_config_to is None:
        return
    if not result.fit.improved and not force:
        raise UsageError(
            f"--write-config {write_config_to}: not written, the fitted weights do not predict "
            "unseen outcomes better than the current ones (pass --force to write them anyway)"
        )
    from partnerfit.render.config_file import render_config

    tiers = None
    if all(t.threshold is not None for t in result.tiers):
        tiers = {t.label: float(t.threshold or 0.0) for t in result.tiers}
    else:
        warn("note: too few partnerships for every tier; the written config keeps the tiers")
    text = render_config(
        profiles.config,
        result.weights_after,
        result.describe_source(),
        command=f"partnerfit calibrate {shown}",
        tiers=tiers,
    )
    write_config(write_config_to, text, [outcomes, profiles_dir, config])


def _records(
    path: Path, profiles: ProfileSet, as_of: dt.date
) -> tuple[tuple[OutcomeRecord, ...], str]:
    """Every outcome under PATH (a file, or a directory searched recursively): outcomes files
    as written, partnership files through ``partnerfit review`` (their outcome, else health)."""
    from partnerfit.decide.calibrate import records_from_outcomes
    from partnerfit.errors import ProfileError
    from partnerfit.io.discovery import discover
    from partnerfit.io.paths import display_path
    from partnerfit.io.reader import read_document
    from partnerfit.model.outcomes import load_outcomes
    from partnerfit.model.partnership_set import declares_partnership

    found = discover([path])
    if not found.files:
        raise UsageError(f"no .yaml or .yml file under {path}")
    ids = set(profiles.ids())
    records: list[OutcomeRecord] = []
    partnerships: list[Path] = []
    problems = list(found.findings)
    for file in found.files:
        shown = display_path(file)
        if declares_partnership(read_document(file, shown, profiles.config.limits)):
            partnerships.append(file)
            continue
        try:
            loaded = load_outcomes(file, ids, shown, profiles.config.limits)
        except ProfileError as err:
            problems.extend(err.findings)
            continue
        records.extend(records_from_outcomes(loaded))
    if problems:
        raise ProfileError(problems)
    if partnerships:
        records.extend(_partnership_records(partnerships, profiles, as_of))
    return tuple(records), display_path(path)


def _partnership_records(
    files: list[Path], profiles: ProfileSet, as_of: dt.date
) -> tuple[OutcomeRecord, ...]:
    """One record per partner chosen, from the reviewed partnerships; notes on those left out."""
    from partnerfit.decide.calibrate import records_from_selections
    from partnerfit.review import partnership_outcomes

    selections = partnership_outcomes(files, as_of=as_of, profiles=profiles)
    records, notes = records_from_selections(selections)
    for note in notes:
        warn(f"note: {note}")
    return records
