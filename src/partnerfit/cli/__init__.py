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
from partnerfit.io.heap import keep_freed_memory


def main() -> None:
    """Entry point of the ``partnerfit`` console script (and ``python -m partnerfit``).

    A run of the command is a process that ends with its work, so it keeps the memory it frees
    for its next allocations (``io.heap.keep_freed_memory``): ``rank --robustness 1000`` over
    10,000 files faulted in 27,000–33,000 fresh pages where 11,000 do. ``app`` itself, which
    the tests and other programs call in their own process, leaves the allocator alone.
    """
    keep_freed_memory()
    app()


__all__ = ["app", "main"]
