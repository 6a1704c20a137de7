"""Options that several commands share, typed choices, and parsing of option values.

A choice option is a ``Literal`` type with ``choice_parser``: typer lists the values in help
and offers them for completion, and a wrong value is one line, ``error: unknown format
`xml`; choose from table, json, csv, markdown``, exit status 2, like partnerfit's other
usage errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, TypeVar, cast, get_args

import typer

from partnerfit.cli.completion import (
    complete_criteria_order,
    complete_kind,
    complete_profile_id,
    complete_weight,
)
from partnerfit.errors import UsageError

if TYPE_CHECKING:
    from partnerfit.model.selection import CandidateFilter

__all__ = [
    "ConfigOption",
    "ExcludeOption",
    "FocalArgument",
    "KindFilterOption",
    "NoProgressOption",
    "OrderOption",
    "OutputOption",
    "ProfilesOption",
    "RegionFilterOption",
    "SectorFilterOption",
    "SkipInvalidOption",
    "VerboseOption",
    "WeightOption",
    "candidate_filter",
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
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise ChoiceError(f"unknown {noun} `{value}`; choose from {', '.join(allowed)}{hint}")

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
    Path,
    typer.Option(
        "--profiles", "-p", help="Directory of profiles (searched recursively).", metavar="DIR"
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Scoring config; default: partnerfit.yaml in --profiles.",
        metavar="FILE",
    ),
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
    typer.Option(
        "--weight",
        "-w",
        help="Override a criterion's weight (repeatable).",
        metavar="NAME=VALUE",
        autocompletion=complete_weight,
    ),
]
OrderOption = Annotated[
    str | None,
    typer.Option(
        "--weights-from-ranking",
        help="Derive rank-order centroid weights from criteria listed most important first, "
        "comma-separated (unlisted criteria weigh 0).",
        metavar="NAME,NAME,...",
        autocompletion=complete_criteria_order,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE atomically (temporary file, then rename) instead of stdout.",
        metavar="FILE",
    ),
]
FocalArgument = Annotated[
    str,
    typer.Argument(
        help="Id of the focal organisation, or a profile file.",
        metavar="FOCAL",
        autocompletion=complete_profile_id,
    ),
]
KindFilterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help="Only candidates of this kind (repeatable: any of them): business, nonprofit, "
        "government, academic or community.",
        metavar="KIND",
        autocompletion=complete_kind,
    ),
]
SectorFilterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        help="Only candidates in this sector (repeatable: any of them; synonyms apply).",
        metavar="TAG",
    ),
]
RegionFilterOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        help="Only candidates serving this region (repeatable: any of them).",
        metavar="TAG",
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        "-x",
        help="Leave this candidate out (repeatable).",
        metavar="ID",
        autocompletion=complete_profile_id,
    ),
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


def candidate_filter(
    kinds: list[str] | None,
    sectors: list[str] | None,
    regions: list[str] | None,
    exclude: list[str] | None,
) -> CandidateFilter:
    """The filter options as the core's filter (kinds checked before any file is read)."""
    from partnerfit.model.selection import CandidateFilter, check_kinds

    chosen = CandidateFilter(
        kinds=tuple(kinds or ()),
        sectors=tuple(sectors or ()),
        regions=tuple(regions or ()),
        exclude=tuple(exclude or ()),
    )
    check_kinds(chosen.kinds)
    return chosen


def parse_date(text: str | None, flag: str) -> dt.date | None:
    """A YYYY-MM-DD date given to ``flag``; None when not given or blank, else a usage error."""
    if text is None or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} expects a date as YYYY-MM-DD, not `{text}`") from None
