"""Profiles as spreadsheet rows and back: one row per organisation, one column per field.

Lists are ``;``-separated in one cell (``food; environment``); values, strengths and needs are
``tag:number`` items (``sustainability:5; transparency:4``); a strength's or need's note
follows ``|`` on its own line when there is one; goals take numbered column groups
(``goals.1.statement``, ``goals.1.themes``, ...). Every cell that cannot be mapped is reported
with its row and column, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from partnerfit.io.emit import yaml_text
from partnerfit.io.heap import fewer_collections
from partnerfit.model.profile import Profile

SCALAR_COLUMNS = ("id", "name", "kind", "description", "website", "capacity")
LIST_COLUMNS = ("sectors", "regions", "audiences")
LEVEL_COLUMNS = ("values", "strengths", "needs")
NESTED_LIST_COLUMNS = (
    "reputation.certifications",
    "communication.languages",
    "dealbreakers.sectors",
    "dealbreakers.values",
    "dealbreakers.regions",
    "dealbreakers.kinds",
)
NESTED_SCALAR_COLUMNS = ("reputation.rating", "communication.cadence")
GOAL_FIELDS = ("statement", "metric", "target", "deadline", "themes")
COLUMNS: tuple[str, ...] = (
    *SCALAR_COLUMNS,
    *LIST_COLUMNS,
    *LEVEL_COLUMNS,
    "reputation.rating",
    "reputation.certifications",
    "communication.languages",
    "communication.cadence",
    *NESTED_LIST_COLUMNS[2:],
)
"""Every column an export writes before the goal groups, in order."""

ALIASES: Mapping[str, str] = {
    "organisation": "name",
    "organization": "name",
    "type": "kind",
    "url": "website",
    "sector": "sectors",
    "region": "regions",
    "markets": "regions",
    "audience": "audiences",
    "rating": "reputation.rating",
    "certifications": "reputation.certifications",
    "languages": "communication.languages",
    "cadence": "communication.cadence",
}
"""Column headings people use for the same fields."""

_GOAL = re.compile(r"^goals?\.?(?P<number>\d+)\.(?P<field>[a-z]+)$")
_LEVEL_KEYS = {"values": None, "strengths": "level", "needs": "priority"}


@dataclass(frozen=True)
class Problem:
    """Something in the sheet that could not be mapped: row 1 is the heading row."""

    row: int
    column: str
    message: str

    def format(self, source: str) -> str:
        """One line naming the sheet, row and column."""
        where = f"{source}:{self.row}" if self.row else source
        column = f" column `{self.column}`" if self.column else ""
        return f"{where}:{column} {self.message}"


@dataclass(frozen=True)
class Imported:
    """Profiles read from a sheet, and what could not be mapped."""

    profiles: tuple[Profile, ...]
    problems: tuple[Problem, ...]
    columns: Mapping[str, str]


def heading_key(heading: str) -> str:
    """A heading as a column name: case folded, spaces and hyphens as underscores."""
    key = re.sub(r"[\s\-]+", "_", heading.strip().lower())
    key = key.replace("_._", ".").replace("._", ".").replace("_.", ".")
    return ALIASES.get(key, key)


def known_column(key: str) -> bool:
    """Whether a column name maps onto a profile field."""
    if key in COLUMNS:
        return True
    goal = _GOAL.match(key)
    return bool(goal and goal["field"] in GOAL_FIELDS)


def map_headings(headings: Sequence[str]) -> tuple[dict[int, str], list[Problem]]:
    """Column positions to field names, and a problem for each heading that maps to nothing."""
    import difflib

    mapped: dict[int, str] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, heading in enumerate(headings):
        if not heading.strip():
            continue
        key = heading_key(heading)
        if not known_column(key):
            close = difflib.get_close_matches(key, COLUMNS, n=1, cutoff=0.7)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            problems.append(Problem(1, heading, f"not a profile field, not imported{hint}"))
            continue
        if key in seen:
            problems.append(Problem(1, heading, f"a second `{key}` column, not imported"))
            continue
        seen.add(key)
        mapped[position] = key
    return mapped, problems


def split_items(cell: str) -> list[str]:
    """Items of a list cell: one per line if the cell has several lines, else ``;``-separated."""
    separator = "\n" if "\n" in cell.strip() else ";"
    return [item.strip() for item in cell.split(separator) if item.strip()]


def parse_levels(column: str, cell: str) -> tuple[Any, list[str]]:
    """``tag:n`` items into values (a mapping) or strengths/needs (a list), and problems."""
    measure = _LEVEL_KEYS[column]
    errors: list[str] = []
    parsed: list[tuple[str, int, str | None]] = []
    for item in split_items(cell):
        body, _, note = item.partition("|")
        tag, sep, number = body.rpartition(":")
        if not sep:
            tag, number = body, "3"
        tag, number = tag.strip(), number.strip()
        if not tag or not number.isdigit():
            errors.append(f"`{item}` is not TAG:NUMBER (e.g. funding:4)")
            continue
        parsed.append((tag, int(number), note.strip() or None))
    if measure is None:
        return {name: amount for name, amount, _ in parsed}, errors
    items = []
    for name, amount, remark in parsed:
        entry: dict[str, Any] = {"capability": name, measure: amount}
        if remark:
            entry["note"] = remark
        items.append(entry)
    return items, errors


def parse_scalar(column: str, cell: str) -> Any:
    """A number where the model wants one; the text otherwise (the model judges it)."""
    if column in ("capacity",):
        return int(cell) if re.fullmatch(r"[+-]?\d+", cell) else cell
    if column in ("reputation.rating", "goal.target"):
        try:
            return float(cell) if not re.fullmatch(r"[+-]?\d+", cell) else int(cell)
        except ValueError:
            return cell
    return cell


def unescape(cell: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before = + - @."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def row_to_data(row_number: int, cells: Mapping[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """One row's cells into profile data (before validation), and cell problems."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    goals: dict[int, dict[str, Any]] = {}
    for column, raw in cells.items():
        cell = unescape(raw.strip())
        if not cell:
            continue
        goal = _GOAL.match(column)
        if goal:
            field_name = goal["field"]
            value: Any = (
                split_items(cell)
                if field_name == "themes"
                else parse_scalar("goal.target", cell)
                if field_name == "target"
                else cell
            )
            if field_name == "deadline":
                value = parse_date(cell)
            goals.setdefault(int(goal["number"]), {})[field_name] = value
            continue
        if column in LEVEL_COLUMNS:
            value, errors = parse_levels(column, cell)
            problems += [Problem(row_number, column, message) for message in errors]
        elif column in LIST_COLUMNS or column in NESTED_LIST_COLUMNS:
            value = split_items(cell)
        else:
            value = parse_scalar(column, cell)
        section, _, key = column.partition(".")
        if key:
            data.setdefault(section, {})[key] = value
        else:
            data[column] = value
    if goals:
        data["goals"] = [goals[number] for number in sorted(goals)]
    return data, problems


def parse_date(cell: str) -> Any:
    """A YYYY-MM-DD date (a spreadsheet may add a time of midnight); the text otherwise."""
    import datetime as dt

    text = cell.removesuffix(" 00:00:00").removesuffix("T00:00:00")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return cell


def rows_to_profiles(rows: Iterable[Sequence[str]]) -> Imported:
    """Sheet rows (the first is the headings) into validated profiles and a problem report."""
    iterator = iter(rows)
    headings = next(iterator, None)
    if headings is None:
        return Imported((), (Problem(0, "", "the sheet is empty"),), {})
    mapped, problems = map_headings(headings)
    if "id" not in mapped.values() and "name" not in mapped.values():
        problems.append(Problem(1, "", "no `id` or `name` column: nothing can be imported"))
        return Imported((), tuple(problems), {})
    profiles: list[Profile] = []
    seen: dict[str, int] = {}
    # thousands of lasting models, as loading a set builds: the collector kept out of the way
    with fewer_collections():
        for offset, row in enumerate(iterator, start=2):
            cells = {
                key: row[position] if position < len(row) else ""
                for position, key in mapped.items()
            }
            if not any(value.strip() for value in cells.values()):
                continue
            data, cell_problems = row_to_data(offset, cells)
            problems += cell_problems
            if "id" not in data and isinstance(data.get("name"), str):
                data["id"] = slugify(data["name"])
            try:
                profile = Profile.model_validate(data)
            except ValidationError as err:
                for error in err.errors():
                    where = ".".join(str(part) for part in error["loc"])
                    problems.append(
                        Problem(offset, column_of(where), f"{error['msg']} (row not imported)")
                    )
                continue
            if profile.id in seen:
                problems.append(
                    Problem(
                        offset,
                        "id",
                        f"id `{profile.id}` is also on row {seen[profile.id]}; row not imported",
                    )
                )
                continue
            seen[profile.id] = offset
            profiles.append(profile)
    return Imported(tuple(profiles), tuple(problems), {str(k): v for k, v in mapped.items()})


def column_of(location: str) -> str:
    """The sheet column of a validation error (``goals.0.target`` is ``goals.1.target``)."""
    parts = location.split(".")
    if parts[0] == "goals" and len(parts) > 2 and parts[1].isdigit():
        return f"goals.{int(parts[1]) + 1}.{parts[2]}"
    if parts[0] in LEVEL_COLUMNS:
        return parts[0]
    return ".".join(part for part in parts[:2] if not part.isdigit())


def slugify(name: str) -> str:
    """An id made from a name, for sheets without an id column."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:100]


def profile_to_row(profile: Profile, goal_groups: int) -> list[str]:
    """One profile as cells, in the order of ``headings(goal_groups)``."""

    def joined(items: Iterable[str]) -> str:
        return "; ".join(items)

    def levels(items: Sequence[Any], measure: str) -> str:
        texts = [
            f"{item.capability}:{getattr(item, measure)}" + (f" | {item.note}" if item.note else "")
            for item in items
        ]
        return ("\n" if any(item.note for item in items) else "; ").join(texts)

    def number(value: float | None) -> str:
        return (
            ""
            if value is None
            else repr(value)
            if not float(value).is_integer()
            else str(int(value))
        )

    reputation = profile.reputation
    communication = profile.communication
    cells = [
        profile.id,
        profile.name,
        profile.kind or "",
        profile.description or "",
        profile.website or "",
        "" if profile.capacity is None else str(profile.capacity),
        joined(profile.sectors),
        joined(profile.regions),
        joined(profile.audiences),
        joined(f"{tag}:{weight}" for tag, weight in profile.values.items()),
        levels(profile.strengths, "level"),
        levels(profile.needs, "priority"),
        number(reputation.rating) if reputation else "",
        joined(reputation.certifications) if reputation else "",
        joined(communication.languages) if communication else "",
        (communication.cadence or "") if communication else "",
        joined(profile.dealbreakers.sectors),
        joined(profile.dealbreakers.values),
        joined(profile.dealbreakers.regions),
        joined(profile.dealbreakers.kinds),
    ]
    for index in range(goal_groups):
        if index < len(profile.goals):
            goal = profile.goals[index]
            cells += [
                goal.statement,
                goal.metric or "",
                number(goal.target),
                goal.deadline.isoformat() if goal.deadline else "",
                joined(goal.themes),
            ]
        else:
            cells += [""] * len(GOAL_FIELDS)
    return cells


def headings(goal_groups: int) -> list[str]:
    """The heading row of an export with this many goal groups."""
    return [
        *COLUMNS,
        *(f"goals.{n}.{field}" for n in range(1, goal_groups + 1) for field in GOAL_FIELDS),
    ]


def profiles_to_rows(profiles: Sequence[Profile]) -> list[list[str]]:
    """Profiles as a sheet: the heading row, then one row per profile, sorted by id."""
    groups = max((len(p.goals) for p in profiles), default=0)
    ordered = sorted(profiles, key=lambda p: p.id)
    return [headings(groups), *(profile_to_row(p, groups) for p in ordered)]


def export_problems(profiles: Sequence[Profile], rows: Sequence[Sequence[str]]) -> list[Problem]:
    """What the sheet cannot carry: every profile that would not read back as it is."""
    back = {p.id: p for p in rows_to_profiles(rows).profiles}
    problems = []
    for row_number, profile in enumerate(sorted(profiles, key=lambda p: p.id), start=2):
        again = back.get(profile.id)
        if again == profile:
            continue
        if again is None:
            problems.append(Problem(row_number, "", f"`{profile.id}` would not read back"))
            continue
        before, after = profile.model_dump(), again.model_dump()
        for key in before:
            if before[key] != after[key]:
                problems.append(
                    Problem(
                        row_number,
                        key,
                        f"`{profile.id}`: {key} does not survive the sheet "
                        "(a separator or line break inside a tag or note)",
                    )
                )
    return problems


def profile_document(profile: Profile, modeline: str = "") -> str:
    """A profile as a YAML file: fields in the model's order, defaults left out."""

    def plain(value: Any) -> Any:
        if isinstance(value, tuple | list):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    data = plain(profile.model_dump(exclude_defaults=True, exclude_none=True))
    body = yaml_text(data, width=100)
    return modeline + body
