"""``partnerfit review``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.common import app, handle_errors, render_options, warn
from partnerfit.cli.options import (
    ConfigOption,
    OutputOption,
    ProfilesOption,
    SkipInvalidOption,
    VerboseOption,
    format_option,
    parse_date,
)
from partnerfit.cli.output import (
    check_html_output,
    refuse_overwriting_inputs,
    write_output,
)
from partnerfit.cli.sets import load_set
from partnerfit.errors import UsageError
from partnerfit.render.registry import ReviewFormat
from partnerfit.render.review import REVIEW_EXPLAIN_FORMATS, REVIEW_FORMATS


def parse_as_of(text: str | None) -> dt.date:
    """--as-of YYYY-MM-DD, default today."""
    if text is None:
        return dt.date.today()
    date = parse_date(text, "--as-of")
    if date is None:  # given, but blank
        raise UsageError(f"--as-of expects a date as YYYY-MM-DD, not `{text}`")
    return date


@app.command("review")
@handle_errors
def review_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Partnership files or directories; default: ./partnerships.", metavar="PATH..."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Review as of this date, YYYY-MM-DD (default today).", metavar="DATE"
        ),
    ] = None,
    explain_id: Annotated[
        str | None,
        typer.Option(
            "--explain", "-e", help="Break one partnership's health down, by id.", metavar="ID"
        ),
    ] = None,
    profiles_dir: ProfilesOption = Path("profiles"),
    config: ConfigOption = None,
    output_format: Annotated[ReviewFormat, format_option(ReviewFormat)] = "table",
    output: OutputOption = None,
    skip_invalid: SkipInvalidOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Review partnerships: goal progress, health 0–100, trend and risk flags, worst first.

    The fit score each partner had at selection (from the profiles) is shown beside the health.
    Without goal progress, a satisfaction rating or a survey a partnership has no evidence yet:
    its health is shown with its coverage but is not rated healthy, watch or at risk.
    Exit status: 0 when reviewed, 1 for invalid files, 2 for usage errors.

    \b
    Examples:
      partnerfit review
      partnerfit review partnerships --as-of 2026-11-15
      partnerfit review --explain youth-code-futures --as-of 2026-11-15
      partnerfit review --format markdown --output review.md
      partnerfit review --format html --output review.html
    """
    from partnerfit.model.partnership_set import load_partnership_set
    from partnerfit.review import review_set

    roots = paths or [Path("partnerships")]
    check_html_output(output_format, output)
    refuse_overwriting_inputs(output, [*roots, profiles_dir, config])
    date = parse_as_of(as_of)
    profiles = load_set(profiles_dir, config, skip_invalid=skip_invalid, verbose=verbose)
    loaded = load_partnership_set(roots, profiles=profiles)
    for finding in loaded.warnings:
        warn(finding.format())
    result = review_set(
        loaded.partnerships,
        date,
        profiles=profiles,
        sources=loaded.sources,
        profiles_source=str(profiles_dir),
    )
    if explain_id is None:
        text = REVIEW_FORMATS[output_format](result, render_options())
    else:
        item = result.get(explain_id)
        if item is None:
            import difflib

            close = difflib.get_close_matches(explain_id, loaded.ids(), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise UsageError(f"no partnership with id `{explain_id}`{hint}")
        text = REVIEW_EXPLAIN_FORMATS[output_format](item, render_options())
    write_output([text], output, output_format)
