"""``partnerfit check`` and ``partnerfit schema``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import SCHEMA_KINDS
from partnerfit.cli.common import app, emit, handle_errors, render_options, warn
from partnerfit.errors import UsageError
from partnerfit.render.check import CHECK_FORMATS


def chosen_format(requested: str | None) -> str:
    """--format, else github on GitHub Actions, else text."""
    if requested is None:
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if requested not in CHECK_FORMATS:
        raise UsageError(f"unknown format `{requested}`; choose from {', '.join(CHECK_FORMATS)}")
    return requested


@app.command("check")
@handle_errors
def check_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Profile files or directories (recursively); default: ./profiles."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: "
            + "|".join(CHECK_FORMATS)
            + " (default text; github when GITHUB_ACTIONS=true).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Scoring config; default: the partnerfit.yaml found."),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse every file again: no results kept by content hash "
            "(in $PARTNERFIT_CACHE_DIR, else $XDG_CACHE_HOME/partnerfit or ~/.cache/partnerfit).",
        ),
    ] = False,
) -> None:
    """Check profiles and the scoring config; report every problem with its line and column.

    Exit status: 0 when there is no error, 1 when there are problems, 2 for usage errors.

    Example: partnerfit check profiles --strict --format sarif > check.sarif
    """
    from partnerfit.check.cache import default_directory
    from partnerfit.check.run import check_paths

    name = chosen_format(output_format)
    result = check_paths(
        paths or [Path("profiles")],
        config_path=config,
        strict=strict,
        cache_dir=None if no_cache else default_directory(),
    )
    emit(CHECK_FORMATS[name](result, render_options()))
    raise typer.Exit(result.exit_code)


@app.command("schema")
@handle_errors
def schema_command(
    kind: Annotated[
        str, typer.Argument(help="Which schema: " + "|".join(SCHEMA_KINDS) + ".")
    ] = "profile",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
) -> None:
    """Write the JSON Schema (draft 2020-12) of a profile or of the config.

    Example: partnerfit schema profile --output schemas/profile.schema.json
    """
    from partnerfit.model.schema import json_schema
    from partnerfit.render.common import dump_json

    if kind not in SCHEMA_KINDS:
        raise UsageError(f"unknown schema `{kind}`; choose from {', '.join(SCHEMA_KINDS)}")
    text = dump_json(json_schema(kind))
    if output is None:
        emit(text)
        return
    from partnerfit.io.atomic import write_atomic

    write_atomic(output, [text])
    warn(f"wrote {output}")
