"""Commented YAML templates: a profile, the scoring config, pre-commit and GitHub Actions files.

Every template is text, not dumped data, so that the comments teach the format; the tests load
each one back through the models and run the CI files through their own tools.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partnerfit._version import __version__
from partnerfit.model.base import CADENCES, KINDS

REPOSITORY_URL = "https://github.com/partnerfit/partnerfit"
RELEASE_TAG = f"v{__version__}"
"""The git tag of this release: what the pre-commit ``rev`` and the workflow install pin."""

PROFILE_SCHEMA = "profile.schema.json"
CONFIG_SCHEMA = "config.schema.json"


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
        modeline.rstrip("\n"),
        "# A partnerfit profile: one organisation. Only id and name are required; a section left",
        "# out makes its criterion unknown (left out of the score, never counted as 0).",
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
    lines += [
        "# website: https://example.org",
        "# capacity: 1  # partnerships it can take on at once (used by `partnerfit match`)",
    ]
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
    lines += capability_lines("strengths", draft.strengths, "level", "what it brings")
    lines += capability_lines("needs", draft.needs, "priority", "what it looks for in a partner")
    lines += [
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
    lines += [
        "# dealbreakers:  # hard constraints, in both directions",
        "#   sectors: [tobacco]",
        "#   values: []",
        "#   regions: []",
        "#   kinds: []",
    ]
    return "\n".join(line for line in lines if line) + "\n"


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
