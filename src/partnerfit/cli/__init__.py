"""The command line: a thin typer layer over the library.

Each command module registers itself on ``app``; options several commands share live in
``options``, every error reaches the user through ``partnerfit.cli.common.handle_errors``.

May import: ``partnerfit.render``, ``partnerfit.decide``, ``partnerfit.batch``,
``partnerfit.review``, ``partnerfit.check``, ``partnerfit.scaffold``, ``partnerfit.scoring``,
``partnerfit.model``, ``partnerfit.io``, ``partnerfit.errors``; and typer and rich. Nothing
imports the CLI.
"""

from __future__ import annotations

from partnerfit.cli import check as _check  # noqa: F401  (registers check and schema)
from partnerfit.cli import compare as _compare  # noqa: F401  (registers the command)
from partnerfit.cli import completion as _completion  # noqa: F401  (registers the command)
from partnerfit.cli import explain as _explain  # noqa: F401  (registers the command)
from partnerfit.cli import init as _init  # noqa: F401  (registers the command)
from partnerfit.cli import match as _match  # noqa: F401  (registers the command)
from partnerfit.cli import new as _new  # noqa: F401  (registers `new profile`)
from partnerfit.cli import rank as _rank  # noqa: F401  (registers the command)
from partnerfit.cli import review as _review  # noqa: F401  (registers the command)
from partnerfit.cli import sheets as _sheets  # noqa: F401  (registers import and export)
from partnerfit.cli.common import app


def main() -> None:
    """Entry point of the ``partnerfit`` console script."""
    app()


__all__ = ["app", "main"]
