"""The exported JSON Schema: in sync with the models, and agreeing with partnerfit check."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from tests.tools import installed_tool

from partnerfit.check.files import check_paths
from partnerfit.model.partnership_set import load_partnership
from partnerfit.model.schema import DIALECT, SCHEMA_KINDS, json_schema
from partnerfit.render.common import dump_json

ROOT = Path(__file__).parent.parent.parent
CHECK = ROOT / "tests" / "data" / "check"
STRUCTURAL = sorted((CHECK / "invalid" / "structural").glob("*.yaml"))
VALID = sorted((CHECK / "valid").glob("*.yaml"))
PARTNERSHIPS = ROOT / "tests" / "data" / "partnerships"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_committed_schema_is_the_generated_one(kind: str) -> None:
    committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == dump_json(json_schema(kind)), "run: partnerfit schema KIND -o FILE"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_is_valid_draft_2020_12_with_titles(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"]
    assert schema["description"]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name


def _is_config(path: Path) -> bool:
    return path.name == "partnerfit.yaml" or path.stem.startswith("config-")


def _check_jsonschema_failures(kind: str, files: list[Path]) -> set[str]:
    """Files that check-jsonschema rejects, from one run with the exported schema."""
    exe = installed_tool("check-jsonschema")
    done = subprocess.run(
        [str(exe), "-o", "json", "--schemafile", str(ROOT / "schemas" / f"{kind}.schema.json")]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    failed = {e["filename"] for e in report.get("errors", [])}
    failed |= {e["filename"] for e in report.get("parse_errors", [])}
    return {Path(f).name for f in failed}


@pytest.mark.parametrize("kind", ["profile", "config"])
def test_check_jsonschema_gives_the_same_verdict_per_file(kind: str) -> None:
    files = [p for p in [*STRUCTURAL, *VALID] if _is_config(p) == (kind == "config")]
    assert len(files) >= 3
    theirs = _check_jsonschema_failures(kind, files)
    ours = set()
    for path in files:
        result = check_paths([path], config_path=path if kind == "config" else None)
        errors = [f for f in result.findings if f.rule != "id-filename-mismatch"]
        if errors:
            ours.add(path.name)
    assert ours == theirs
    assert ours == {p.name for p in files if p in STRUCTURAL}


def test_bundled_profiles_pass_the_exported_schema(bundled: Path) -> None:
    profiles = sorted(p for p in bundled.glob("*.yaml") if not _is_config(p))
    assert _check_jsonschema_failures("profile", profiles) == set()
    assert _check_jsonschema_failures("config", [bundled / "partnerfit.yaml"]) == set()
    for path in profiles:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/profile.schema.json"


def test_partnership_schema_gives_the_same_verdict_as_loading() -> None:
    structural = sorted((PARTNERSHIPS / "invalid" / "structural").glob("*.yaml"))
    files = [*structural, *sorted((PARTNERSHIPS / "valid").glob("*.yaml"))]
    assert len(structural) >= 5
    theirs = _check_jsonschema_failures("partnership", files)
    ours = {path.name for path in files if not load_partnership(path).ok}
    assert ours == theirs == {p.name for p in structural}


def test_bundled_partnerships_pass_the_exported_schema() -> None:
    files = sorted((ROOT / "partnerships").glob("*.yaml"))
    assert _check_jsonschema_failures("partnership", files) == set()
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/partnership.schema.json"
