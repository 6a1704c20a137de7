"""Shell completion: ``partnerfit completion bash|zsh|fish`` and the value completers.

The scripts are typer's (they call back into ``partnerfit`` with ``_PARTNERFIT_COMPLETE``
set); the completers below offer profile ids from the ``--profiles`` directory on the command
line and criterion names, reading file names only, so that completing stays instant.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._completion_classes import completion_init

from partnerfit.cli.common import app, emit, handle_errors

PROG_NAME = "partnerfit"
COMPLETE_VAR = "_PARTNERFIT_COMPLETE"
CONFIG_NAMES = ("partnerfit.yaml", "partnerfit.yml")
MAX_IDS = 5_000

# typer registers its bash/zsh/fish completers only with add_completion=True, which would add
# --install-completion to every help page; register them here for _PARTNERFIT_COMPLETE
completion_init()


class Shell(StrEnum):
    """The shells partnerfit writes a completion script for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def profile_directory(ctx: Any, *names: str) -> Path:
    """The directory named by the command line's profile option (default ./profiles)."""
    params = getattr(ctx, "params", None) or {}
    for name in (*names, "profiles_dir", "profiles"):
        value = params.get(name)
        if value:
            return Path(value)
    return Path("profiles")


def profile_ids(directory: Path) -> list[str]:
    """Profile ids under a directory, from the file names (an id is its file's name)."""
    ids: set[str] = set()
    try:
        for path in directory.rglob("*"):
            hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
            if path.suffix in (".yaml", ".yml") and path.name not in CONFIG_NAMES and not hidden:
                ids.add(path.stem)
            if len(ids) >= MAX_IDS:
                break
    except OSError:
        return []
    return sorted(ids)


def complete_profile_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ids in the ``--profiles`` directory that start with what was typed."""
    return [i for i in profile_ids(profile_directory(ctx)) if i.startswith(incomplete)]


def complete_kind(incomplete: str) -> list[str]:
    """Kinds of organisation that start with what was typed."""
    from partnerfit.model.base import KINDS

    return [kind for kind in KINDS if kind.startswith(incomplete)]


def complete_rule(incomplete: str) -> list[str]:
    """Warning rules of ``partnerfit check`` (the ones ``--ignore`` takes)."""
    from partnerfit.check.rules import SEVERITIES
    from partnerfit.io.findings import Severity

    return sorted(
        rule
        for rule, severity in SEVERITIES.items()
        if severity is Severity.WARNING and rule.startswith(incomplete)
    )


def complete_left_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ids of match's ``--left`` and ``--right`` sets (for ``--capacity ID=N``)."""
    params = getattr(ctx, "params", None) or {}
    ids: set[str] = set()
    for name in ("left", "right"):
        if params.get(name):
            ids.update(profile_ids(Path(params[name])))
    return [f"{i}=" for i in sorted(ids) if i.startswith(incomplete)]


def complete_weight(incomplete: str) -> list[str]:
    """``NAME=`` for every criterion name that starts with what was typed."""
    from partnerfit.model.base import CRITERIA

    if "=" in incomplete:
        return []
    return [f"{name}=" for name in CRITERIA if name.startswith(incomplete)]


def complete_criteria_order(incomplete: str) -> list[str]:
    """The comma-separated list so far, followed by each criterion not yet listed."""
    from partnerfit.model.base import CRITERIA

    *done, last = incomplete.split(",")
    prefix = "".join(f"{name}," for name in done)
    return [
        prefix + name for name in CRITERIA if name not in done and name.startswith(last.strip())
    ]


def completion_script(shell: str) -> str:
    """typer's completion script for ``partnerfit`` in this shell."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)


@app.command("completion")
@handle_errors
def completion_command(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", metavar="SHELL")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the script to FILE.", metavar="FILE"),
    ] = None,
) -> None:
    """Print the shell completion script: commands, options, profile ids and criterion names.

    \b
    bash:  eval "$(partnerfit completion bash)"   (in ~/.bashrc)
    zsh:   eval "$(partnerfit completion zsh)"    (in ~/.zshrc, after compinit)
    fish:  partnerfit completion fish > ~/.config/fish/completions/partnerfit.fish

    Example: partnerfit completion bash >> ~/.bashrc
    """
    script = completion_script(shell.value) + "\n"
    if output is None:
        emit(script, "text")
        return
    from partnerfit.io.atomic import write_atomic

    write_atomic(output, [script])
