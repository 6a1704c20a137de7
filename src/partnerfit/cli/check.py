"""``partnerfit check`` and ``partnerfit schema``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.choices import SCHEMA_KINDS, SchemaKind
from partnerfit.cli.common import app, emit, handle_errors, render_options, warn
from partnerfit.cli.completion import complete_rule
from partnerfit.cli.options import OutputOption, choice_parser, format_option
from partnerfit.cli.output import refuse_overwriting_inputs, write_output
from partnerfit.render.check import CHECK_FORMATS
from partnerfit.render.registry import CheckFormat


def chosen_format(requested: CheckFormat | None) -> CheckFormat:
    """--format, else github on GitHub Actions, else text."""
    if requested is None:
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return requested


@app.command("check")
@handle_errors
def check_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Profile and partnership files or directories (recursively); "
            "default: ./profiles, and ./partnerships when it exists."
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat | None,
        format_option(CheckFormat, "(default text; github when GITHUB_ACTIONS=true)"),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Scoring config; default: the partnerfit.yaml found.",
            metavar="FILE",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Leave out the warnings of RULE (repeatable or comma-separated); also `ignore:` "
            "in partnerfit.yaml, or `# partnerfit: ignore[RULE]` on the line.",
            metavar="RULE",
            autocompletion=complete_rule,
        ),
    ] = None,
    profiles: Annotated[
        Path | None,
        typer.Option(
            "--profiles",
            "-p",
            help="Profiles that partnership files' partner ids must exist in, when the paths "
            "hold none; default: ./profiles when it exists.",
            metavar="DIR",
        ),
    ] = None,
    output: OutputOption = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse every file again: no results kept by content hash "
            "(in $PARTNERFIT_CACHE_DIR, else $XDG_CACHE_HOME/partnerfit or ~/.cache/partnerfit).",
        ),
    ] = False,
) -> None:
    """Check profiles, partnerships and the config; report every problem with line and column.

    Exit status: 0 when there is no error, 1 when there are problems, 2 for usage errors.

    \b
    Examples:
      partnerfit check profiles --strict
      partnerfit check profiles --ignore tag-spelling
      partnerfit check profiles --format sarif --output check.sarif
    """
    from partnerfit.check.cache import default_directory
    from partnerfit.check.files import check_paths

    refuse_overwriting_inputs(output, [*(paths or [Path("profiles")]), config])
    name = chosen_format(output_format)
    if not paths:
        paths = [Path("profiles")]
        if Path("partnerships").is_dir():
            paths.append(Path("partnerships"))
    if profiles is None and Path("profiles").is_dir():
        profiles = Path("profiles")
    result = check_paths(
        paths,
        config_path=config,
        strict=strict,
        ignore=ignore or (),
        profiles_path=profiles,
        cache_dir=None if no_cache else default_directory(),
    )
    write_output([CHECK_FORMATS[name](result, render_options())], output, name)
    raise typer.Exit(result.exit_code)


@app.command("schema")
@handle_errors
def schema_command(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            parser=choice_parser(SchemaKind, "schema"),
            help="Which schema: " + "|".join(SCHEMA_KINDS) + ".",
        ),
    ] = "profile",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
) -> None:
    """Write a JSON Schema (draft 2020-12): profile, config, partnership, judgements or outcomes.

    Example: partnerfit schema profile --output schemas/profile.schema.json
    """
    from partnerfit.model.schema import json_schema
    from partnerfit.render.common import dump_json

    text = dump_json(json_schema(kind))
    if output is None:
        emit(text, "json")
        return
    from partnerfit.io.atomic import write_atomic

    write_atomic(output, [text])
    warn(f"wrote {output}")
