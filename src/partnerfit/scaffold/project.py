"""``partnerfit init``: a profile directory ready to edit, with its CI wired up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from partnerfit.errors import UsageError
from partnerfit.scaffold.templates import (
    CONFIG_SCHEMA,
    PROFILE_SCHEMA,
    ProfileDraft,
    config_yaml,
    precommit_yaml,
    profile_yaml,
    schema_modeline,
    workflow_yaml,
)

EXAMPLES: tuple[ProfileDraft, ...] = (
    ProfileDraft(
        id="example-bakery",
        name="Example Bakery Ltd",
        kind="business",
        description="A bakery chain selling bread made from local grain.",
        sectors=("food", "retail"),
        regions=("uk",),
        audiences=("urban-families",),
        values={"sustainability": 4, "quality": 5},
        strengths={"distribution": 4, "marketing": 3},
        needs={"local-sourcing": 5, "community-outreach": 3},
        languages=("en",),
        cadence="monthly",
    ),
    ProfileDraft(
        id="example-food-bank",
        name="Example Food Bank",
        kind="nonprofit",
        description="A food bank redistributing surplus food to families in need.",
        sectors=("food", "social-care"),
        regions=("uk",),
        audiences=("low-income-families",),
        values={"sustainability": 5, "community": 5},
        strengths={"community-outreach": 5, "volunteers": 4},
        needs={"distribution": 4, "funding": 5},
        languages=("en",),
        cadence="weekly",
    ),
    ProfileDraft(
        id="example-city-council",
        name="Example City Council",
        kind="government",
        description="A city council with a food-security strategy.",
        sectors=("public-services", "food"),
        regions=("uk",),
        audiences=("low-income-families", "urban-families"),
        values={"community": 4, "transparency": 5},
        strengths={"funding": 4, "community-outreach": 3},
        needs={"volunteers": 3, "research": 3},
        languages=("en",),
        cadence="quarterly",
    ),
    ProfileDraft(
        id="example-university",
        name="Example University",
        kind="academic",
        description="A university with a food systems research group.",
        sectors=("education", "research"),
        regions=("uk", "eu"),
        audiences=("students",),
        values={"quality": 4, "transparency": 4},
        strengths={"research": 5, "training": 4},
        needs={"community-outreach": 4, "funding": 3},
        languages=("en", "fr"),
        cadence="monthly",
    ),
    ProfileDraft(
        id="example-growers",
        name="Example Community Growers",
        kind="community",
        description="Neighbourhood allotments growing vegetables for local kitchens.",
        sectors=("food", "environment"),
        regions=("uk",),
        audiences=("urban-families",),
        values={"sustainability": 5, "community": 4},
        strengths={"local-sourcing": 4, "volunteers": 3},
        needs={"training": 4, "distribution": 3},
        languages=("en",),
        cadence="weekly",
    ),
)
"""One example profile per kind: a small food ecosystem that ranks sensibly out of the box."""


@dataclass(frozen=True)
class PlannedFile:
    """A file ``init`` writes: its path relative to the project directory, and its text."""

    path: str
    text: str


def plan(profiles: str = "profiles") -> tuple[PlannedFile, ...]:
    """Every file of a new project, relative to its directory."""
    from partnerfit.model.schema import json_schema
    from partnerfit.scaffold.templates import dump_schema

    profile_dir = Path(profiles)
    schema_dir = Path("schemas")
    files = [
        PlannedFile(
            f"{profiles}/partnerfit.yaml",
            config_yaml(schema_modeline(profile_dir, CONFIG_SCHEMA, schema_dir)),
        ),
    ]
    modeline = schema_modeline(profile_dir, PROFILE_SCHEMA, schema_dir)
    files += [
        PlannedFile(f"{profiles}/{draft.id}.yaml", profile_yaml(draft, modeline))
        for draft in EXAMPLES
    ]
    files += [
        PlannedFile(f"schemas/{PROFILE_SCHEMA}", dump_schema(json_schema("profile"))),
        PlannedFile(f"schemas/{CONFIG_SCHEMA}", dump_schema(json_schema("config"))),
        PlannedFile(".pre-commit-config.yaml", precommit_yaml(profiles)),
        PlannedFile(".github/workflows/partnerfit.yml", workflow_yaml(profiles)),
    ]
    return tuple(files)


def existing(directory: Path, files: tuple[PlannedFile, ...]) -> list[Path]:
    """The planned files that already exist (init never overwrites)."""
    return [directory / f.path for f in files if (directory / f.path).exists()]


def write_project(directory: Path, profiles: str = "profiles") -> tuple[Path, ...]:
    """Write a new project into ``directory``; refuse, writing nothing, if any file exists."""
    from partnerfit.io.atomic import write_atomic

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a directory")
    files = plan(profiles)
    clashes = existing(directory, files)
    if clashes:
        names = "\n".join(f"  {path}" for path in clashes)
        raise UsageError(
            f"partnerfit init never overwrites; these files already exist:\n{names}\n"
            "move them away, or choose another directory"
        )
    written = []
    for planned in files:
        target = directory / planned.path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, [planned.text])
        written.append(target)
    return tuple(written)
