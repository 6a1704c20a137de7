"""``partnerfit init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.common import app, handle_errors, warn


@app.command("init")
@handle_errors
def init_command(
    directory: Annotated[
        Path,
        typer.Argument(help="Project directory to set up (created if missing).", metavar="DIR"),
    ] = Path("."),
    profiles: Annotated[
        str,
        typer.Option(
            "--profiles",
            help="Name of the profile directory inside DIR.",
            metavar="NAME",
        ),
    ] = "profiles",
) -> None:
    """Set up DIR for your own profiles: a commented config, one example profile per kind,
    JSON Schemas for editors, a pre-commit config and a GitHub Actions workflow.

    Never overwrites: if any of these files exists, nothing is written. Then check the set
    and rank the examples, as the last line it prints says.

    \b
    Examples:
      partnerfit init my-partners
      partnerfit init . --profiles data/organisations
    """
    from partnerfit.errors import UsageError
    from partnerfit.scaffold.project import write_project

    name = profiles.strip().strip("/")
    if not name or name.startswith("..") or Path(name).is_absolute():
        raise UsageError(f"--profiles expects a directory name inside DIR, not `{profiles}`")
    written = write_project(directory, name)
    for path in written:
        warn(f"wrote {path}")
    where = "" if directory == Path(".") else f"cd {directory} && "
    warn(
        f"next: {where}partnerfit check --strict {name} && "
        f"partnerfit rank example-food-bank --profiles {name}"
    )
