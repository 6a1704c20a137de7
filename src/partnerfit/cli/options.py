"""Options that several commands share, typed choices, and parsing of option values.

A choice option is a ``Literal`` type with ``choice_parser``: typer lists the values in help
and offers them for completion, and a wrong value is one line, ``error: unknown format
`xml`; choose from table, json, csv, markdown``, exit status 2, like partnerfit's other
usage errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar, cast, get_args

import typer

from partnerfit.errors import UsageError

__all__ = [
    "ConfigOption",
    "NoProgressOption",
    "OrderOption",
    "OutputOption",
    "ProfilesOption",
    "SkipInvalidOption",
    "VerboseOption",
    "WeightOption",
    "choice_parser",
    "format_option",
    "parse_order",
    "parse_weights",
]

C = TypeVar("C", bound=str)

# typer >= 0.25 vendors its own click: reach the base of its errors without importing click
_ClickException = cast(
    type[Exception], next(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException")
)


class ChoiceError(_ClickException):  # type: ignore[misc,valid-type]  # click's class, found at runtime
    """A value outside an option's choices: shown as partnerfit's one-line usage error."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``error: MESSAGE`` on stderr, without the usage lines."""
        typer.echo(f"error: {self.message}", file=file, err=True)


def choice_parser(choices: Any, noun: str) -> Callable[[str], str]:
    """The parser of a ``Literal`` choice option; ``noun`` names it in the error."""
    allowed: tuple[str, ...] = get_args(choices)

    def parse(value: str) -> str:
        if value in allowed:
            return value
        raise ChoiceError(f"unknown {noun} `{value}`; choose from {', '.join(allowed)}")

    return parse


def format_option(choices: Any, default_help: str = "") -> Any:
    """The ``--format``/``-f`` option over a command's format names (a ``Literal``)."""
    return typer.Option(
        "--format",
        "-f",
        parser=choice_parser(choices, "format"),
        help="Output format" + (f" {default_help}" if default_help else "") + ".",
    )


ProfilesOption = Annotated[
    Path, typer.Option("--profiles", "-p", help="Directory of profiles (searched recursively).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Scoring config; default: partnerfit.yaml in --profiles."),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(
        "--skip-invalid", help="Skip invalid profiles (each is named) instead of stopping."
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also say which files were ignored and why.")
]
WeightOption = Annotated[
    list[str] | None,
    typer.Option("--weight", "-w", help="Override a weight, NAME=VALUE (repeatable)."),
]
OrderOption = Annotated[
    str | None,
    typer.Option(
        "--weights-from-ranking",
        help="Derive rank-order centroid weights from criteria listed most important first, "
        "comma-separated (unlisted criteria weigh 0).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE atomically (temporary file, then rename)."),
]
NoProgressOption = Annotated[
    bool, typer.Option("--no-progress", help="No progress bar (it only shows on a terminal).")
]


def parse_weights(pairs: list[str]) -> dict[str, float]:
    """Parse ``NAME=VALUE`` options into a mapping; bad input is a usage error."""
    from partnerfit.model import CRITERIA

    weights: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--weight expects NAME=VALUE, not `{pair}`")
        if name not in CRITERIA:
            close = difflib.get_close_matches(name, CRITERIA, n=1)
            hint = (
                f"; did you mean `{close[0]}`?" if close else f"; choose from {', '.join(CRITERIA)}"
            )
            raise UsageError(f"unknown criterion `{name}` in --weight{hint}")
        try:
            weights[name] = float(value)
        except ValueError:
            raise UsageError(f"--weight {name}: `{value}` is not a number") from None
    return weights


def parse_order(text: str | None) -> list[str] | None:
    """Parse ``--weights-from-ranking a,b,c`` into a list of criterion names (None if absent)."""
    if text is None:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]
