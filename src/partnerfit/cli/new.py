"""``partnerfit new profile``: a commented template, from prompts on a terminal or from flags."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from partnerfit.cli.common import app, handle_errors, warn
from partnerfit.errors import UsageError

new_app = typer.Typer(
    name="new",
    help="Write a commented template for a new profile.\n\n"
    "Example: partnerfit new profile riverside-bakery --kind business --sector food",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new_app, name="new")


def parse_levels(pairs: list[str], flag: str, default: int) -> dict[str, int]:
    """``TAG=N`` (or a bare ``TAG``, meaning the default) into a mapping; N from 1 to 5."""
    levels: dict[str, int] = {}
    for pair in pairs:
        for item in (part.strip() for part in pair.split(",")):
            if not item:
                continue
            tag, sep, number = item.partition("=")
            tag = tag.strip()
            if not tag:
                raise UsageError(f"{flag} expects TAG=N, not `{item}`")
            if not sep:
                levels[tag] = default
                continue
            if not number.strip().isdigit() or not 1 <= int(number) <= 5:
                raise UsageError(f"{flag} {tag}: `{number}` is not a whole number from 1 to 5")
            levels[tag] = int(number)
    return levels


def split_tags(values: list[str]) -> list[str]:
    """Repeated or comma-separated tags, in order, without blanks or repeats."""
    tags: list[str] = []
    for value in values:
        for tag in (part.strip() for part in value.split(",")):
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def choose(value: str | None, allowed: tuple[str, ...], flag: str) -> str | None:
    """An enumerated value, or a usage error listing the choices and the nearest one."""
    if value is None or value == "":
        return None
    if value in allowed:
        return value
    import difflib

    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise UsageError(f"{flag}: `{value}` is not one of {', '.join(allowed)}{hint}")


def interactive_wanted(requested: bool | None) -> bool:
    """Prompt when asked to, or by default when both ends are a terminal."""
    if requested is not None:
        return requested
    return sys.stdin.isatty() and sys.stdout.isatty()


def find_schema_dir(profile_dir: Path) -> Path | None:
    """The nearest ``schemas/`` directory holding the profile schema, looking upwards."""
    from partnerfit.scaffold.templates import PROFILE_SCHEMA

    start = profile_dir.resolve()
    for directory in (start, *start.parents):
        candidate = directory / "schemas"
        if (candidate / PROFILE_SCHEMA).is_file():
            return candidate
    return None


@new_app.command("profile")
@handle_errors
def new_profile_command(
    profile_id: Annotated[
        str, typer.Argument(help="Id of the new organisation (a lowercase slug).", metavar="ID")
    ],
    profiles_dir: Annotated[
        Path,
        typer.Option("--profiles", "-p", help="Directory to write ID.yaml into.", metavar="DIR"),
    ] = Path("profiles"),
    name: Annotated[
        str | None, typer.Option("--name", help="Display name.", metavar="TEXT")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="business, nonprofit, government, academic or community.",
            metavar="KIND",
        ),
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="A sentence or two.", metavar="TEXT")
    ] = None,
    sector: Annotated[
        list[str] | None,
        typer.Option("--sector", help="A sector it works in (repeatable).", metavar="TAG"),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="A market it serves (repeatable).", metavar="TAG"),
    ] = None,
    value: Annotated[
        list[str] | None,
        typer.Option(
            "--value", help="A value and its importance 1-5 (repeatable).", metavar="TAG=N"
        ),
    ] = None,
    strength: Annotated[
        list[str] | None,
        typer.Option(
            "--strength", help="A capability it brings, level 1-5 (repeatable).", metavar="TAG=N"
        ),
    ] = None,
    need: Annotated[
        list[str] | None,
        typer.Option(
            "--need", help="A capability it needs, priority 1-5 (repeatable).", metavar="TAG=N"
        ),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", help="A working language (repeatable).", metavar="CODE"),
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option(
            "--cadence",
            help="daily, weekly, biweekly, monthly or quarterly.",
            metavar="CADENCE",
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask for each field (default: only on a terminal).",
        ),
    ] = None,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the profile instead of writing ID.yaml.")
    ] = False,
) -> None:
    """Write a commented profile template for ID into the profile directory.

    On a terminal it asks for each field; in scripts, give them as options. Fields left out
    stay in the file as commented examples. Never overwrites an existing file.

    Example: partnerfit new profile riverside-bakery --name "Riverside Bakery" --kind business
    --sector food --value sustainability=4 --need funding=5
    """
    from partnerfit.model.base import CADENCES, KINDS
    from partnerfit.scaffold.templates import PROFILE_SCHEMA, ProfileDraft, schema_modeline
    from partnerfit.scaffold.templates import profile_yaml as render_profile

    check_slug(profile_id)
    target = profiles_dir / f"{profile_id}.yaml"
    if not stdout:
        if not profiles_dir.is_dir():
            raise UsageError(f"profile directory {profiles_dir} does not exist")
        if target.exists():
            raise UsageError(f"{target} already exists; partnerfit new never overwrites")
    sectors, regions = split_tags(sector or []), split_tags(region or [])
    values = parse_levels(value or [], "--value", 3)
    strengths = parse_levels(strength or [], "--strength", 3)
    needs = parse_levels(need or [], "--need", 3)
    languages = split_tags(language or [])
    kind = choose(kind, KINDS, "--kind")
    cadence = choose(cadence, CADENCES, "--cadence")
    if interactive_wanted(interactive):
        name = typer.prompt("Name", default=name or profile_id.replace("-", " ").title())
        kind = ask_choice("Kind", KINDS, kind)
        description = typer.prompt("Description", default=description or "", show_default=False)
        sectors = split_tags([typer.prompt("Sectors (comma-separated)", default=",".join(sectors))])
        regions = split_tags([typer.prompt("Regions (comma-separated)", default=",".join(regions))])
        values = ask_levels("Values as TAG=importance 1-5", values, "--value")
        strengths = ask_levels("Strengths as TAG=level 1-5", strengths, "--strength")
        needs = ask_levels("Needs as TAG=priority 1-5", needs, "--need")
        languages = split_tags(
            [typer.prompt("Languages (comma-separated)", default=",".join(languages))]
        )
        cadence = ask_choice("Meeting cadence", CADENCES, cadence)
    draft = ProfileDraft(
        id=profile_id,
        name=name or profile_id.replace("-", " ").title(),
        kind=kind,
        description=description or None,
        sectors=sectors,
        regions=regions,
        values=values,
        strengths=strengths,
        needs=needs,
        languages=languages,
        cadence=cadence,
    )
    schema_dir = find_schema_dir(profiles_dir) if not stdout else None
    text = render_profile(draft, schema_modeline(profiles_dir, PROFILE_SCHEMA, schema_dir))
    validate_draft(text, target)
    if stdout:
        sys.stdout.write(text)
        return
    from partnerfit.io.atomic import write_atomic

    if target.exists():  # created while we were asking
        raise UsageError(f"{target} already exists; partnerfit new never overwrites")
    write_atomic(target, [text])
    warn(f"wrote {target}; edit it, then run: partnerfit check {profiles_dir}")


def check_slug(profile_id: str) -> None:
    """An id is a lowercase slug; say how to write it when it is not."""
    import re

    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", profile_id) and len(profile_id) <= 100:
        return
    suggestion = re.sub(r"[^a-z0-9]+", "-", profile_id.lower()).strip("-")[:100]
    hint = f"; did you mean `{suggestion}`?" if suggestion else ""
    raise UsageError(
        f"ID `{profile_id}` is not a slug (lowercase letters a-z, digits and single hyphens)" + hint
    )


def ask_choice(label: str, allowed: tuple[str, ...], current: str | None) -> str | None:
    """Prompt until the answer is empty or one of the choices."""
    while True:
        answer = typer.prompt(
            f"{label} ({'/'.join(allowed)}, empty to skip)",
            default=current or "",
            show_default=bool(current),
        ).strip()
        try:
            return choose(answer, allowed, label.lower())
        except UsageError as err:
            typer.echo(err.message, err=True)


def ask_levels(label: str, current: dict[str, int], flag: str) -> dict[str, int]:
    """Prompt for TAG=N pairs until they parse."""
    default = ",".join(f"{tag}={level}" for tag, level in current.items())
    while True:
        answer = typer.prompt(
            f"{label}, comma-separated", default=default, show_default=bool(default)
        )
        try:
            return parse_levels([answer], flag, 3)
        except UsageError as err:
            typer.echo(err.message, err=True)


def validate_draft(text: str, target: Path) -> None:
    """The template must load as a valid profile; a bad tag from a flag is a usage error."""
    import tempfile

    from partnerfit.errors import ProfileError
    from partnerfit.model import Limits
    from partnerfit.model.profileset import load_profile

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / target.name
        path.write_text(text, encoding="utf-8")
        try:
            load_profile(path, Limits())
        except ProfileError as err:  # it names the scratch file: name the target instead
            message = err.message.replace(str(path), target.name)
            raise UsageError(f"the profile would not be valid:\n{message}") from None
