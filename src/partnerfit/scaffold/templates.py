"""Commented YAML templates: a profile, a partnership, the scoring config, pre-commit and CI.

Every template is text, not dumped data, so that the comments teach the format; the tests load
each one back through the models and run the CI files through their own tools.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partnerfit._version import __version__
from partnerfit.model.base import CADENCES, KINDS
from partnerfit.model.partnership import METRICS, PARTNERSHIP_SCHEMA_VERSION

REPOSITORY_URL = "https://github.com/partnerfit/partnerfit"
RELEASE_TAG = f"v{__version__}"
"""The git tag of this release: what the pre-commit ``rev`` and the workflow install pin."""

PROFILE_SCHEMA = "profile.schema.json"
CONFIG_SCHEMA = "config.schema.json"
PARTNERSHIP_SCHEMA = "partnership.schema.json"


@dataclass(frozen=True)
class ProfileDraft:
    """What a new profile says before it is written; empty fields become commented examples."""

    id: str
    name: str
    kind: str | None = None
    description: str | None = None
    sectors: Sequence[str] = ()
    regions: Sequence[str] = ()
    audiences: Sequence[str] = ()
    values: Mapping[str, int] = field(default_factory=dict)
    strengths: Mapping[str, int] = field(default_factory=dict)
    needs: Mapping[str, int] = field(default_factory=dict)
    languages: Sequence[str] = ()
    cadence: str | None = None


@dataclass(frozen=True)
class GoalDraft:
    """One SMART goal of a new partnership: a built-in metric, from baseline to target by a date."""

    metric: str
    target: float
    deadline: dt.date
    baseline: float = 0.0
    statement: str | None = None
    owner: str | None = None

    def sentence(self) -> str:
        """The statement as given, else one written from the metric, the target and the date."""
        if self.statement:
            return self.statement
        info = METRICS[self.metric]
        # "from 5% to 10%", but "from 0 to 200 contacts"
        before, after = ("%", "%") if info.unit == "%" else ("", f" {info.unit}")
        return (
            f"{info.label}: from {self.baseline:g}{before} to {self.target:g}{after} "
            f"by {self.deadline.isoformat()}."
        )


@dataclass(frozen=True)
class PartnershipDraft:
    """What a new partnership file says before it is written; the rest stays commented."""

    id: str
    name: str
    partners: Sequence[str]
    start: dt.date
    description: str | None = None
    selected_by: str | None = None
    meeting_cadence: str = "monthly"
    goal: GoalDraft | None = None


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly this text (quoted where YAML 1.1 would not)."""
    import yaml

    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def dump_schema(schema: Mapping[str, object]) -> str:
    """A JSON Schema as ``partnerfit schema`` writes it."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def flow_list(items: Sequence[str]) -> str:
    """A YAML flow list of tags."""
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def schema_modeline(profile_dir: Path, schema: str, schema_dir: Path | None) -> str:
    """The yaml-language-server modeline, when a schema directory is known."""
    if schema_dir is None:
        return ""
    relative = Path(os.path.relpath(schema_dir / schema, profile_dir)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"


def profile_yaml(draft: ProfileDraft, modeline: str = "") -> str:
    """A commented profile: the draft's fields, and every other section as a commented example."""
    lines = [
        *_profile_head(draft, modeline),
        *_profile_tags(draft),
        *capability_lines("strengths", draft.strengths, "level", "what it brings"),
        *capability_lines("needs", draft.needs, "priority", "what it looks for in a partner"),
        *_profile_tail(draft),
    ]
    return "\n".join(line for line in lines if line) + "\n"


def _profile_head(draft: ProfileDraft, modeline: str) -> list[str]:
    lines = [
        modeline.rstrip("\n"),
        "# A partnerfit profile: one organisation. Only id and name are required; a section left",
        "# out makes its criterion unknown: counted at the prior (unknowns.prior), never as 0.",
        "# Reference: docs/profiles-and-vocabulary.md; check it with `partnerfit check`.",
        f"id: {draft.id}  # lowercase slug, unique in the set; the file is named {draft.id}.yaml",
        f"name: {scalar(draft.name)}",
    ]
    kinds = " | ".join(KINDS)
    if draft.kind:
        lines.append(f"kind: {draft.kind}  # {kinds}")
    else:
        lines.append(f"# kind: nonprofit  # {kinds}")
    if draft.description:
        lines.append(f"description: {scalar(draft.description)}")
    else:
        lines.append("# description: What the organisation does, in a sentence or two.")
    return [
        *lines,
        "# website: https://example.org",
        "# capacity: 1  # partnerships it can take on at once (used by `partnerfit match`)",
    ]


def _profile_tags(draft: ProfileDraft) -> list[str]:
    lines = []
    for key, items, example, note in (
        ("sectors", draft.sectors, ["food", "environment"], "what it works in, as tags"),
        ("regions", draft.regions, ["eu", "uk"], 'markets it serves; quote "NO" (Norway)'),
        ("audiences", draft.audiences, ["urban-families"], "who it reaches"),
    ):
        if items:
            lines.append(f"{key}: {flow_list(items)}  # {note}")
        else:
            lines.append(f"# {key}: {flow_list(example)}  # {note}")
    lines.append("# values: tag -> importance, 1 (minor) to 5 (essential)")
    if draft.values:
        lines.append("values:")
        lines += [f"  {scalar(tag)}: {weight}" for tag, weight in draft.values.items()]
    else:
        lines += ["# values:", "#   sustainability: 5", "#   transparency: 4"]
    return lines


def _profile_tail(draft: ProfileDraft) -> list[str]:
    lines = [
        "# goals:  # SMART goals; shared themes and metrics make goals align",
        "#   - statement: Train 500 farmers in regenerative methods",
        "#     metric: farmers-trained",
        "#     target: 500",
        "#     deadline: 2027-06-30",
        "#     themes: [education, sustainability]",
        "# reputation:",
        "#   rating: 4.2  # 0..5",
        "#   certifications: [b-corp]",
    ]
    cadences = " | ".join(CADENCES)
    if draft.languages or draft.cadence:
        lines.append("communication:")
        if draft.languages:
            lines.append(f"  languages: {flow_list(draft.languages)}")
        if draft.cadence:
            lines.append(f"  cadence: {draft.cadence}  # {cadences}")
    else:
        lines += [
            "# communication:",
            "#   languages: [en]",
            f"#   cadence: monthly  # {cadences}",
        ]
    return [
        *lines,
        "# dealbreakers:  # hard constraints, in both directions",
        "#   sectors: [tobacco]",
        "#   values: []",
        "#   regions: []",
        "#   kinds: []",
    ]


def number(value: float) -> str:
    """A number as YAML writes it back: whole numbers without a decimal point."""
    import yaml

    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    dumped: str = yaml.safe_dump(float(value))  # 1.0e-05, which YAML reads back as a number
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def partnership_yaml(draft: PartnershipDraft, modeline: str = "") -> str:
    """A commented partnership: the draft's fields, the other sections as commented examples."""
    lines = [
        *_partnership_head(draft, modeline),
        *_partnership_governance(draft),
        *_partnership_goal(draft),
        *_partnership_review(draft),
    ]
    return "\n".join(line for line in lines if line) + "\n"


def _partnership_head(draft: PartnershipDraft, modeline: str) -> list[str]:
    first = draft.partners[0]
    lines = [
        modeline.rstrip("\n"),
        "# A partnerfit partnership: what the partners agreed and, review by review, what",
        "# happened. Reference: docs/partnerships.md; validate it with `partnerfit check`",
        "# (with the profiles), follow it with `partnerfit review`.",
        "kind: partnership",
        f"schema_version: {PARTNERSHIP_SCHEMA_VERSION}",
        f"id: {draft.id}  # lowercase slug, unique among partnerships; the file is {draft.id}.yaml",
        f"name: {scalar(draft.name)}",
    ]
    if draft.description:
        lines.append(f"description: {scalar(draft.description)}")
    else:
        lines.append("# description: What the partnership is for, in a sentence or two.")
    lines.append(f"partners: {flow_list(draft.partners)}  # profile ids, two or more")
    selected = "  # the partner that chose the others: review shows its fit score at selection"
    if draft.selected_by:
        lines.append(f"selected_by: {draft.selected_by}{selected}")
    else:
        lines.append(f"# selected_by: {first}{selected}")
    return lines


def _partnership_governance(draft: PartnershipDraft) -> list[str]:
    first = draft.partners[0]
    cadences = " | ".join(CADENCES)
    return [
        f"start: {draft.start.isoformat()}",
        f"# end: {(draft.start + dt.timedelta(days=730)).isoformat()}  # or up for renewal",
        "# stage: onboarding  # proposed | onboarding | active | renewal | closing | ended;",
        "#                    # derived from the dates when left out",
        "# roles:  # what each partner committed to",
        f"#   - partner: {first}",
        "#     capabilities: [distribution]  # tags from the profiles' strengths and needs",
        "#     resources: [Two staff days a week]",
        "#     responsibilities: [Run the weekly deliveries]",
        "governance:",
        "  # decision_rule: Decisions by consensus of the steering group.",
        f"  # decision_owner: {first}",
        f"  meeting_cadence: {draft.meeting_cadence}  # {cadences}",
        "  # review_cadence: quarterly  # the default",
        "  # escalation_path: [Coordinators, Directors]",
        "  # escalation_days: 30  # the default: an issue open longer must be escalated",
        "# metrics:  # custom metrics, beside the built-in ones",
        "#   - {name: meals-served, label: Meals served, unit: meals, direction: increase}",
    ]


def _partnership_goal(draft: PartnershipDraft) -> list[str]:
    first, second = draft.partners[0], draft.partners[1]
    goal = draft.goal
    builtin = textwrap.wrap(
        "SMART goals; the built-in metrics: " + ", ".join(METRICS), 92, break_on_hyphens=False
    )
    lines = [f"# {line}" for line in builtin]
    if goal is None:
        return [
            *lines,
            "# goals:",
            "#   - id: goal-1",
            "#     statement: Make 200 new contacts by the end of the first year.",
            "#     metric: contacts-made",
            "#     baseline: 0",
            "#     target: 200",
            f"#     deadline: {(draft.start + dt.timedelta(days=365)).isoformat()}",
            f"#     owner: {second}",
        ]
    lines += [
        "goals:",
        "  - id: goal-1",
        f"    statement: {scalar(goal.sentence())}",
        f"    metric: {goal.metric}",
        f"    baseline: {number(goal.baseline)}",
        f"    target: {number(goal.target)}",
        f"    deadline: {goal.deadline.isoformat()}",
    ]
    if goal.owner:
        lines.append(f"    owner: {goal.owner}  # the accountable partner")
    else:
        lines.append(f"    # owner: {first}  # the accountable partner")
    return lines


def _partnership_review(draft: PartnershipDraft) -> list[str]:
    first, second = draft.partners[0], draft.partners[1]
    goal = draft.goal
    metric, actual = "contacts-made", "40"
    if goal is not None:  # a quarter of the way from the baseline to the target
        metric, actual = goal.metric, number(goal.baseline + (goal.target - goal.baseline) / 4)
    return [
        "# reviews:  # dated check-ins, oldest first; add one at each review",
        f"#   - date: {(draft.start + dt.timedelta(days=91)).isoformat()}",
        f"#     actuals: {{{metric}: {actual}}}",
        f"#     satisfaction: {{{first}: 4, {second}: 4}}  # 1..5",
        "#     meetings: 3  # held since the previous review (or the start)",
        "#     notes: A good start.",
    ]


def capability_lines(key: str, items: Mapping[str, int], measure: str, what: str) -> list[str]:
    """The strengths or needs section: the given ones, or a commented example."""
    lines = [f"# {key}: {what}; {measure} 1..5"]
    if not items:
        example = "distribution" if key == "strengths" else "funding"
        return [*lines, f"# {key}:", f"#   - capability: {example}", f"#     {measure}: 4"]
    lines.append(f"{key}:")
    for capability, amount in items.items():
        lines += [f"  - capability: {scalar(capability)}", f"    {measure}: {amount}"]
    return lines


def config_yaml(modeline: str = "") -> str:
    """A commented scoring configuration with the built-in defaults."""
    return (
        modeline
        + """\
# partnerfit scoring configuration: every key is optional; the built-in defaults are shown.
# Reference: docs/profiles-and-vocabulary.md#scoring-configuration
weights:  # relative importance of each criterion; divided by their sum
  value_alignment: 0.30
  complementarity: 0.30
  goal_alignment: 0.15
  market_reach: 0.10
  reputation: 0.10
  communication: 0.05

# canonical tag -> words that mean the same (values, capabilities, sectors, themes...)
synonyms:
  sustainability: [eco-friendly, green]
  funding: [finance, grants]

# tier label -> minimum score; below every band: no tier
tiers:
  A: 75
  B: 60
  C: 40

# limits:  # bounds on reading one file (profiles come from many hands)
#   max_file_bytes: 1000000
#   max_nodes: 100000
#   max_depth: 50
"""
    )


def precommit_yaml(profiles: str = "profiles", rev: str = RELEASE_TAG) -> str:
    """A .pre-commit-config.yaml that checks the profile directory whenever a file in it changes."""
    pattern = "^" + profiles.strip("/").replace(".", r"\.") + "/"
    return f"""\
# pre-commit: https://pre-commit.com (pip install pre-commit && pre-commit install)
repos:
  - repo: {REPOSITORY_URL}
    rev: {rev}
    hooks:
      - id: partnerfit-check
        args: [{scalar(profiles)}]  # add --strict to fail on warnings too
        files: {scalar(pattern)}
"""


def workflow_yaml(profiles: str = "profiles", rev: str = RELEASE_TAG) -> str:
    """A GitHub Actions workflow: check with annotations and SARIF, and a ranking report."""
    install = f"git+{REPOSITORY_URL}@{rev}"
    # the same first steps in both jobs: checkout (no credentials kept), Python, partnerfit
    setup = f"""\
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1
        with:
          persist-credentials: false
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97  # v7.0.0
        with:
          python-version: "3.12"
      - name: Install partnerfit
        run: python -m pip install "{install}"
"""
    return _workflow_head(profiles) + _check_job(profiles, setup) + _report_job(profiles, setup)


def _workflow_head(profiles: str) -> str:
    return f"""\
# GitHub Actions: check the partnerfit profiles on every push and pull request.
# Annotations on the changed lines, results in code scanning (SARIF), and a ranking report
# for every profile as a downloadable artifact.
name: partnerfit

on:
  push:
    paths: ["{profiles}/**"]
  pull_request:
    paths: ["{profiles}/**"]
  workflow_dispatch:

permissions:
  contents: read

jobs:
"""


def _check_job(profiles: str, setup: str) -> str:
    return f"""\
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # upload SARIF to code scanning
    steps:
{setup}      - name: Check profiles (annotations)
        run: partnerfit check {profiles} --format github
      - name: Check profiles (SARIF for code scanning)
        if: always()
        run: partnerfit check {profiles} --format sarif > partnerfit.sarif || true
      - name: Upload SARIF
        if: always()
        uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e  # v4.36.2
        with:
          sarif_file: partnerfit.sarif
          category: partnerfit

"""


def _report_job(profiles: str, setup: str) -> str:
    return f"""\
  report:
    needs: check
    runs-on: ubuntu-latest
    steps:
{setup}      - name: Rank partners for every organisation
        run: |
          mkdir -p report
          partnerfit compare --profiles {profiles} --top-k 10 --format csv \\
            --output report/ranking.csv
          partnerfit compare --profiles {profiles} --top-k 10 --format json \\
            --output report/ranking.json
      - name: Upload the report
        uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f  # v7.0.0
        with:
          name: partnerfit-report
          path: report/
"""
