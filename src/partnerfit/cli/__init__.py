"""The command line: a thin typer layer over the library.

Each command module registers itself on ``app``, and is imported only when its command is
looked up (``commands.COMMAND_MODULES``): a run loads the command it runs. Options several
commands share live in ``options``; every error reaches the user through
``partnerfit.cli.common.handle_errors``.

May import: ``partnerfit.render``, ``partnerfit.decide``, ``partnerfit.batch``,
``partnerfit.review``, ``partnerfit.check``, ``partnerfit.scaffold``, ``partnerfit.scoring``,
``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``; and typer and rich. Nothing
imports the CLI.
"""

from __future__ import annotations

from partnerfit.cli.common import app


def main() -> None:
    """Entry point of the ``partnerfit`` console script."""
    app()


__all__ = ["app", "main"]
