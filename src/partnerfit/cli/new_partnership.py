"""``partnerfit new partnership``: a commented partnership file, from prompts or from flags."""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple, TypeVar

import typer

from partnerfit.cli.common import handle_errors, warn
from partnerfit.cli.new import (
    InteractiveOption,
    ask_choice,
    check_slug,
    choose,
    find_schema_dir,
    interactive_wanted,
    new_app,
    split_tags,
)
from partnerfit.cli.options import parse_date
from partnerfit.errors import UsageError

if TYPE_CHECKING:
    from partnerfit.model.profileset import ProfileSet
    from partnerfit.scaffold.templates import GoalDraft

T = TypeVar("T")


def parse_number(text: str | None, flag: str) -> float | None:
    """A finite number, or a usage error naming the option."""
    if text is None or not text.strip():
        return None
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise UsageError(f"{flag}: `{text}` is not a number")
    return value


def known_partners(values: list[str], profiles: ProfileSet, where: Path) -> list[str]:
    """Partner ids that have a profile in the set, two or more; else a usage error."""
    for partner in values:
        if profiles.get(partner) is None:
            close = profiles.closest_id(partner)
            hint = f"; did you mean `{close}`?" if close else ""
            raise UsageError(f"--partner: `{partner}` has no profile in {where}{hint}")
    if len(values) < 2:
        raise UsageError("a partnership needs two or more partners: give --partner ID for each")
    return values


def one_of_partners(value: str | None, partners: list[str], flag: str) -> str | None:
    """An id that must be one of the partners (the goal owner, the selecting partner)."""
    return choose(value, tuple(partners), flag)


def ask_until(label: str, default: str, parse: Callable[[str], T]) -> T:
    """Prompt until the answer parses, saying what was wrong each time."""
    while True:
        answer = typer.prompt(label, default=default, show_default=bool(default))
        try:
            return parse(answer)
        except UsageError as err:
            typer.echo(err.message, err=True)


def goal_from_options(
    metric: str | None,
    baseline: float | None,
    target: float | None,
    deadline: dt.date | None,
    owner: str | None,
    statement: str | None,
) -> GoalDraft | None:
    """The goal the options describe: none at all, or a metric, a target and a deadline."""
    from partnerfit.scaffold.templates import GoalDraft

    given = {"--metric": metric, "--target": target, "--deadline": deadline}
    extra = (baseline, owner, statement)
    if all(v is None for v in (*given.values(), *extra)):
        return None
    missing = [flag for flag, v in given.items() if v is None]
    if metric is None or target is None or deadline is None:
        raise UsageError(
            "a SMART goal needs --metric, --target and --deadline; missing " + ", ".join(missing)
        )
    return GoalDraft(metric, target, deadline, baseline or 0.0, statement or None, owner)


def ask_goal(current: GoalDraft | None, partners: list[str], start: dt.date) -> GoalDraft | None:
    """Prompt for one SMART goal; an empty metric means no goal yet."""
    from partnerfit.model.partnership import METRICS
    from partnerfit.scaffold.templates import GoalDraft

    typer.echo("Built-in metrics: " + ", ".join(METRICS), err=True)
    metric = ask_until(
        "Goal metric (empty for no goal yet)",
        current.metric if current else "",
        lambda text: choose(text.strip(), tuple(METRICS), "metric"),
    )
    if metric is None:
        return None
    baseline = ask_until(
        "Baseline",
        str(current.baseline if current else 0).removesuffix(".0"),
        lambda text: parse_number(text, "baseline") or 0.0,
    )

    def target_value(text: str) -> float:
        value = parse_number(text, "target")
        if value is None or value == baseline:
            raise UsageError("target: a number other than the baseline")
        return value

    target = ask_until(
        "Target", f"{current.target:g}" if current else "", lambda text: target_value(text)
    )
    default_deadline = current.deadline if current else start + dt.timedelta(days=365)

    def deadline_value(text: str) -> dt.date:
        value = parse_date(text, "deadline")
        if value is None or value <= start:
            raise UsageError(f"deadline: a date after the start ({start}), as YYYY-MM-DD")
        return value

    deadline = ask_until("Deadline (YYYY-MM-DD)", default_deadline.isoformat(), deadline_value)
    owner = ask_choice("Owner", tuple(partners), current.owner if current else partners[0])
    draft = GoalDraft(metric, target, deadline, baseline, None, owner)
    statement = typer.prompt(
        "Goal statement", default=(current.statement if current else None) or draft.sentence()
    )
    return GoalDraft(metric, target, deadline, baseline, statement.strip() or None, owner)


@new_app.command("partnership")
@handle_errors
def new_partnership_command(
    partnership_id: Annotated[
        str, typer.Argument(help="Id of the new partnership (a lowercase slug).", metavar="ID")
    ],
    partnerships_dir: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Directory to write ID.yaml into (default: partnerships).", metavar="DIR"
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to FILE instead of DIR/ID.yaml.", metavar="FILE"
        ),
    ] = None,
    profiles_dir: Annotated[
        Path,
        typer.Option(
            "--profiles", "-p", help="Profiles the partner ids must be among.", metavar="DIR"
        ),
    ] = Path("profiles"),
    name: Annotated[
        str | None, typer.Option("--name", help="Display name.", metavar="TEXT")
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", help="What it is for, in a sentence.", metavar="TEXT"),
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option("--partner", help="A partner's profile id (repeatable).", metavar="ID"),
    ] = None,
    selected_by: Annotated[
        str | None,
        typer.Option(
            "--selected-by", help="The partner that chose the others (a partner).", metavar="ID"
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Start date, YYYY-MM-DD (default today).", metavar="DATE"),
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option(
            "--cadence",
            help="Meetings: daily, weekly, biweekly, monthly (default) or quarterly.",
            metavar="CADENCE",
        ),
    ] = None,
    metric: Annotated[
        str | None,
        typer.Option("--metric", help="The goal's built-in metric.", metavar="NAME"),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline", help="The metric's value at the start (default 0).", metavar="NUMBER"
        ),
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="The value to reach.", metavar="NUMBER")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="When the target is due, YYYY-MM-DD.", metavar="DATE"),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="The partner accountable for the goal.", metavar="ID"),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal", help="The goal in one sentence (default: from the rest).", metavar="TEXT"
        ),
    ] = None,
    interactive: InteractiveOption = None,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the partnership instead of writing a file.")
    ] = False,
) -> None:
    """Write a commented partnership file for ID into ./partnerships (or --dir, or --output).

    On a terminal it asks for the name, the partners (profile ids from --profiles), the start
    date and one SMART goal; in scripts, give them as options. A goal needs --metric, --target
    and --deadline. Sections left out stay in the file as commented examples. Never
    overwrites an existing file.

    \b
    Examples:
      partnerfit new partnership bakery-food-bank --partner riverside-bakery \\
        --partner city-food-bank --start 2026-01-05 --metric referrals \\
        --target 200 --deadline 2026-12-31 --owner city-food-bank
      partnerfit new partnership pilot --dir data/partnerships --interactive
    """
    from partnerfit.model.base import CADENCES
    from partnerfit.model.partnership import METRICS
    from partnerfit.model.profileset import load_profile_set
    from partnerfit.scaffold.templates import (
        PARTNERSHIP_SCHEMA,
        PartnershipDraft,
        partnership_yaml,
        schema_modeline,
    )

    check_slug(partnership_id)
    target_file = _target_file(partnership_id, output, partnerships_dir, stdout)
    directory = target_file.parent
    # the set's own problems are `check`'s to report; here it only answers "does id X exist"
    profiles = load_profile_set(profiles_dir, skip_invalid=True)
    partners = split_tags(partner or [])
    start_date = parse_date(start, "--start") or dt.date.today()
    cadence = choose(cadence, CADENCES, "--cadence")
    metric = choose(metric, tuple(METRICS), "--metric")
    goal_draft = goal_from_options(
        metric,
        parse_number(baseline, "--baseline"),
        parse_number(target, "--target"),
        parse_date(deadline, "--deadline"),
        owner,
        goal,
    )
    if interactive_wanted(interactive):
        answers = _ask(
            _Answers(name, description, partners, selected_by, start_date, cadence, goal_draft),
            partnership_id,
            profiles,
            profiles_dir,
        )
        name, description, partners, selected_by, start_date, cadence, goal_draft = answers
    else:
        known_partners(partners, profiles, profiles_dir)
        selected_by = one_of_partners(selected_by, partners, "--selected-by")
        if goal_draft is not None:
            one_of_partners(goal_draft.owner, partners, "--owner")
    draft = PartnershipDraft(
        id=partnership_id,
        name=name or partnership_id.replace("-", " ").title(),
        partners=partners,
        start=start_date,
        description=description or None,
        selected_by=selected_by,
        meeting_cadence=cadence or "monthly",
        goal=goal_draft,
    )
    schema_dir = None if stdout else find_schema_dir(directory, PARTNERSHIP_SCHEMA)
    text = partnership_yaml(draft, schema_modeline(directory, PARTNERSHIP_SCHEMA, schema_dir))
    validate_partnership_draft(text, target_file, profiles)
    if stdout:
        sys.stdout.write(text)
        return
    _write(text, target_file, partnership_id, profiles_dir)


def _target_file(
    partnership_id: str, output: Path | None, partnerships_dir: Path | None, stdout: bool
) -> Path:
    """Where the file goes; refused when its directory is missing or the file exists."""
    if output is not None and partnerships_dir is not None:
        raise UsageError("give --dir or --output, not both")
    if output is not None:
        target_file = output
    else:
        target_file = (partnerships_dir or Path("partnerships")) / f"{partnership_id}.yaml"
    directory = target_file.parent
    if not stdout:
        # ./partnerships is created when missing; a directory the user named must exist
        if not directory.is_dir() and not (
            output is None and partnerships_dir is None and directory.parent.is_dir()
        ):
            raise UsageError(f"partnership directory {directory} does not exist")
        if target_file.exists():
            raise UsageError(f"{target_file} already exists; partnerfit new never overwrites")
    return target_file


def _write(text: str, target_file: Path, partnership_id: str, profiles_dir: Path) -> None:
    from partnerfit.io.atomic import write_atomic

    directory = target_file.parent
    directory.mkdir(exist_ok=True)
    if target_file.exists():  # created while we were asking
        raise UsageError(f"{target_file} already exists; partnerfit new never overwrites")
    write_atomic(target_file, [text])
    if target_file.stem != partnership_id:
        warn(f"the file name {target_file.name} does not match the id `{partnership_id}`")
    warn(f"wrote {target_file}; edit it, then run: partnerfit check {profiles_dir} {directory}")


class _Answers(NamedTuple):
    name: str | None
    description: str | None
    partners: list[str]
    selected_by: str | None
    start: dt.date
    cadence: str | None
    goal: GoalDraft | None


def _ask(
    given: _Answers, partnership_id: str, profiles: ProfileSet, profiles_dir: Path
) -> _Answers:
    """Each field asked for on the terminal, the options' values as defaults."""
    from partnerfit.model.base import CADENCES

    name, description, partners, selected_by, start_date, cadence, goal_draft = given
    name = typer.prompt("Name", default=name or partnership_id.replace("-", " ").title())
    description = typer.prompt("Description", default=description or "", show_default=False)
    partners = ask_until(
        "Partners (profile ids, comma-separated)",
        ",".join(partners),
        lambda text: known_partners(split_tags([text]), profiles, profiles_dir),
    )
    selected_by = ask_choice("Selected by", tuple(partners), selected_by)
    start_date = ask_until(
        "Start date (YYYY-MM-DD)",
        start_date.isoformat(),
        lambda text: parse_date(text, "start") or dt.date.today(),
    )
    cadence = ask_choice("Meeting cadence", CADENCES, cadence or "monthly")
    goal_draft = ask_goal(goal_draft, partners, start_date)
    return _Answers(name, description, partners, selected_by, start_date, cadence, goal_draft)


def validate_partnership_draft(text: str, target: Path, profiles: ProfileSet) -> None:
    """The file must load as a valid partnership of these profiles, without warnings."""
    import tempfile

    from partnerfit.model.partnership_set import load_partnership

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / target.name
        path.write_text(text, encoding="utf-8")
        loaded = load_partnership(path, target.name, profiles=profiles)
    if loaded.findings:
        message = "\n".join(finding.format() for finding in loaded.findings)
        raise UsageError(f"the partnership would not be valid:\n{message}")
