"""Every hostile kind against every command that reads profiles, as a profile in the set, as the
FOCAL file and as the --config file: exit status 1, the finding with its position and message,
never a traceback. Plus the edge cases of ``schema``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.hostile import ACCEPTED_TAGS, CORPUS, GOOD, INJECTIONS, Hostile
from typer.testing import CliRunner

from partnerfit.cli import app
from partnerfit.io.paths import display_path

runner = CliRunner()
SMALL = Path(__file__).parent.parent / "data" / "small"

Build = Callable[[Path, Path], list[str]]
"""(set directory, clean directory) -> command line."""

PARTNERSHIP = str(Path(__file__).parent.parent / "data" / "partnerships" / "valid" / "small.yaml")

IN_SET: dict[str, Build] = {
    "rank": lambda s, _c: ["rank", "alpha", "-p", str(s)],
    "review": lambda s, _c: ["review", PARTNERSHIP, "-p", str(s)],
    "check": lambda s, _c: ["check", str(s)],
    "explain": lambda s, _c: ["explain", "alpha", "beta", "-p", str(s)],
    "compare": lambda s, _c: ["compare", "-p", str(s), "-f", "jsonl"],
    "match": lambda s, c: ["match", "--left", str(c), "--right", str(s)],
}
"""Each command with the hostile file inside the profile set it reads."""

WITH_CONFIG: dict[str, Callable[[Path, Path], list[str]]] = {
    "rank": lambda cfg, c: ["rank", "alpha", "-p", str(c), "-c", str(cfg)],
    "check": lambda cfg, c: ["check", str(c), "-c", str(cfg)],
    "explain": lambda cfg, c: ["explain", "alpha", "beta", "-p", str(c), "-c", str(cfg)],
    "compare": lambda cfg, c: ["compare", "-p", str(c), "-c", str(cfg)],
    "match": lambda cfg, c: ["match", "--left", str(c), "--right", str(c), "-c", str(cfg)],
    "review": lambda cfg, c: ["review", PARTNERSHIP, "-p", str(c), "-c", str(cfg)],
}
"""Each command with the hostile file as its --config."""

AS_FOCAL: dict[str, Callable[[Path, Path], list[str]]] = {
    "rank": lambda f, c: ["rank", str(f), "-p", str(c)],
    "explain": lambda f, c: ["explain", str(f), "beta", "-p", str(c)],
    "explain-candidate": lambda f, c: ["explain", "alpha", str(f), "-p", str(c)],
}
"""Commands taking a profile file as FOCAL (or explain's CANDIDATE)."""

PROFILE_SHAPED = {
    "norway",
    "octal-string",
    "sexagesimal",
    "date-as-string",
    "float-version",
    "null-name",
    "missing-name",
    "out-of-range",
    "wrong-type",
    "bad-id",
    "nan-rating",
    "tag-int-huge-hex",
    "collide-case",
    "collide-space",
    "collide-separator",
    "collide-list",
}
"""Kinds whose trap needs a profile field's type; as a config they are unknown fields (`id`),
and CONFIG_CORPUS holds their config-shaped counterparts."""

CONFIG_CORPUS: tuple[Hostile, ...] = (
    Hostile(
        "c-norway",
        lambda: b"weights: {reputation: no}\n",
        "yaml-boolean",
        "weights.reputation: `no` is read as the boolean false",
        line=1,
    ),
    Hostile(
        "c-octal",
        lambda: b"synonyms: {green: [0755]}\n",
        "yaml-octal",
        "`0755` is read as the octal number 493",
        line=1,
    ),
    Hostile(
        "c-sexagesimal",
        lambda: b"synonyms: {green: [1:30]}\n",
        "yaml-sexagesimal",
        "base-60 number 90",
        line=1,
    ),
    Hostile(
        "c-date",
        lambda: b"synonyms: {green: [2027-06-30]}\n",
        "yaml-date",
        "`2027-06-30` is read as a date",
        line=1,
    ),
    Hostile(
        "c-float",
        lambda: b"synonyms: {green: [1.10]}\n",
        "yaml-float",
        "`1.10` is read as the number 1.1",
        line=1,
    ),
    Hostile(
        "c-null",
        lambda: b"limits:\n  max_nodes:\n",
        "yaml-null",
        "limits.max_nodes: the value is empty",
        line=2,
    ),
    Hostile(
        "c-criterion",
        lambda: b"weights: {valeu_alignment: 1}\n",
        "schema",
        "weights.valeu_alignment: Input should be 'value_alignment'",
        line=1,
    ),
    Hostile(
        "c-depth-cap",
        lambda: b"limits: {max_depth: 201}\n",
        "schema",
        "limits.max_depth: Input should be less than or equal to 200",
        line=1,
    ),
    Hostile(
        "c-wrong-type",
        lambda: b"limits: {max_nodes: many}\n",
        "schema",
        "limits.max_nodes: Input should be a valid integer",
        line=1,
    ),
    Hostile(
        "c-tier-range",
        lambda: b"tiers: {A: 120}\n",
        "schema",
        "tier 'A' threshold 120.0 is not within 0..100",
        line=1,
    ),
    Hostile(
        "c-nan-weight",
        lambda: b"weights: {reputation: .nan}\n",
        "schema",
        "weights.reputation: Input should be a finite number",
        line=1,
    ),
    Hostile(
        "c-negative-weight",
        lambda: b"weights: {reputation: -1}\n",
        "schema",
        "Input should be greater than or equal to 0",
        line=1,
    ),
    Hostile(
        "c-duplicate",
        lambda: b"weights: {reputation: 1}\nweights: {reputation: 2}\n",
        "duplicate-key",
        "duplicate key `weights` (first at line 1)",
        line=2,
    ),
    Hostile(
        "c-limits-typo",
        lambda: b"limits: {max_byte: 10}\n",
        "unknown-field",
        "unknown field `max_byte`",
        line=1,
    ),
    Hostile(
        "c-nodes-ceiling",
        lambda: b"limits: {max_nodes: 1000000000000}\n",
        "schema",
        "limits.max_nodes: Input should be less than or equal to 1000000",
        line=1,
    ),
    Hostile(
        "c-bytes-ceiling",
        lambda: b"limits:\n  max_file_bytes: 10000000000\n",
        "schema",
        "limits.max_file_bytes: Input should be less than or equal to 10000000",
        line=2,
    ),
    Hostile(
        "c-tag-bool",
        lambda: b"weights: {reputation: !!bool maybe}\n",
        "yaml-value",
        "weights.reputation: `maybe` is not a valid !!bool",
        line=1,
    ),
    Hostile(
        "c-tag-timestamp",
        lambda: b"tiers:\n  A: !!timestamp soon\n",
        "yaml-value",
        "tiers.A: `soon` is not a valid !!timestamp",
        line=2,
    ),
    Hostile(
        "c-tag-set",
        lambda: b"synonyms: !!set {green}\n",
        "unknown-tag",
        "YAML tag !!set is not allowed",
        line=1,
    ),
    Hostile(
        "c-tag-collision",
        lambda: b"synonyms:\n  Green: [eco]\n  green: [bio]\n",
        "tag-collision",
        "synonyms: `green` is the same tag as `Green` (line 2)",
        line=3,
    ),
    Hostile(
        "c-yes-label",
        lambda: b"tiers: {yes: 50}\n",
        "yaml-boolean",
        "`yes` is read as the boolean true",
        line=1,
    ),
)
"""Config-shaped traps: the config is read as strictly as a profile."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One profile set per hostile kind (the small set plus the file), and each file alone."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(SMALL, root / "clean")
    (root / "files").mkdir()
    for hostile in CORPUS:
        shutil.copytree(SMALL, root / "sets" / hostile.name)
        hostile.write(root / "sets" / hostile.name)
        hostile.write(root / "files")
    for hostile in CONFIG_CORPUS:
        hostile.write(root / "files")
    return root


def expect_finding(text: str, path: Path, hostile: Hostile) -> None:
    """The `file:line:col: severity rule: message` line, at the corpus's line where it gives one."""
    where = rf":{hostile.line}:\d+" if hostile.line is not None else r"(?::\d+:\d+)?"
    pattern = (
        rf"^{re.escape(display_path(path))}{where}: {hostile.severity} "
        rf"{re.escape(hostile.rule)}: .*{re.escape(hostile.message)}"
    )
    assert re.search(pattern, text, re.MULTILINE), f"{pattern!r} not in:\n{text[:3000]}"


def run_failing(args: list[str], report_on_stdout: bool) -> str:
    """Run a command that must fail cleanly with status 1; the text holding the report."""
    result = runner.invoke(app, args)
    assert result.exit_code == 1, (args, result.exit_code, result.output[:2000])
    for text in (result.stdout, result.stderr):
        assert "Traceback" not in text
        assert "internal error" not in text
    return result.stdout if report_on_stdout else result.stderr


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", sorted(IN_SET))
def test_hostile_profile_in_the_set(corpus: Path, command: str, hostile: Hostile) -> None:
    directory = corpus / "sets" / hostile.name
    text = run_failing(IN_SET[command](directory, corpus / "clean"), command == "check")
    expect_finding(text, directory / f"{hostile.name}.yaml", hostile)
    if command != "check":
        assert "1 invalid file: fix it or pass --skip-invalid" in text


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", sorted(AS_FOCAL))
def test_hostile_profile_as_focal(corpus: Path, command: str, hostile: Hostile) -> None:
    path = corpus / "files" / f"{hostile.name}.yaml"
    expect_finding(run_failing(AS_FOCAL[command](path, corpus / "clean"), False), path, hostile)


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", sorted(WITH_CONFIG))
def test_hostile_file_as_config(corpus: Path, command: str, hostile: Hostile) -> None:
    path = corpus / "files" / f"{hostile.name}.yaml"
    text = run_failing(WITH_CONFIG[command](path, corpus / "clean"), command == "check")
    if hostile.name in PROFILE_SHAPED:
        expect_finding(
            text, path, Hostile("as-config", bytes, "unknown-field", "unknown field `id`", line=1)
        )
    else:
        expect_finding(text, path, hostile)


@pytest.mark.parametrize("hostile", CONFIG_CORPUS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", sorted(WITH_CONFIG))
def test_hostile_config(corpus: Path, command: str, hostile: Hostile) -> None:
    path = corpus / "files" / f"{hostile.name}.yaml"
    text = run_failing(WITH_CONFIG[command](path, corpus / "clean"), command == "check")
    expect_finding(text, path, hostile)


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", ["review", "check"])
def test_hostile_file_as_a_partnership(corpus: Path, command: str, hostile: Hostile) -> None:
    path = corpus / "files" / f"{hostile.name}.yaml"
    args = [command, str(path), "-p", str(corpus / "clean")]
    text = run_failing(args, command == "check")
    if hostile.name in PROFILE_SHAPED:
        # valid YAML of a profile's shape: refused by the partnership schema instead
        assert re.search(rf"^{re.escape(display_path(path))}:\d+:\d+: error ", text, re.M), text
    else:
        expect_finding(text, path, hostile)


def test_the_corpus_covers_at_least_25_kinds() -> None:
    assert len({h.name for h in CORPUS}) == len(CORPUS) >= 25
    assert {h.name for h in CORPUS} >= PROFILE_SHAPED


def test_the_second_round_adds_at_least_55_data_cases() -> None:
    # plus the file, device, signal, locale, pipe and API cases of test_hostile_environment.py
    # and tests/unit/test_hostile_api.py
    second = [h for h in CORPUS if h.name.startswith(("tag-", "collide-"))]
    configs = [h for h in CONFIG_CORPUS if h.name.startswith(("c-tag", "c-nodes", "c-bytes"))]
    assert (len(second), len(configs), len(ACCEPTED_TAGS), len(INJECTIONS)) == (14, 6, 7, 28)


def test_skip_invalid_names_the_hostile_file_and_carries_on(corpus: Path) -> None:
    directory = corpus / "sets" / "alias-bomb"
    result = runner.invoke(app, ["rank", "alpha", "-p", str(directory), "--skip-invalid"])
    assert result.exit_code == 0
    shown = display_path(directory / "alias-bomb.yaml")
    assert result.stderr == (
        f"skipped invalid {shown}: {shown}:1:5: error node-budget: "
        "more than 100000 YAML nodes once aliases are expanded\n"
    )


NEW_TAG_KINDS = [h for h in CORPUS if h.name.startswith(("tag-", "collide-"))]


@pytest.mark.parametrize("hostile", NEW_TAG_KINDS, ids=lambda h: h.name)
@pytest.mark.parametrize("command", ["rank", "compare", "explain"])
def test_skip_invalid_skips_a_tagged_or_colliding_file(
    corpus: Path, command: str, hostile: Hostile
) -> None:
    directory = corpus / "sets" / hostile.name
    args = [*IN_SET[command](directory, corpus / "clean"), "--skip-invalid"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output[-2000:]
    shown = display_path(directory / f"{hostile.name}.yaml")
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"skipped invalid {shown}: {shown}:"), first
    assert f" {hostile.rule}: " in first


@pytest.mark.parametrize(("kind", "text"), ACCEPTED_TAGS, ids=[k for k, _ in ACCEPTED_TAGS])
def test_a_harmless_valid_tag_is_accepted_by_every_command(
    tmp_path: Path, kind: str, text: bytes
) -> None:
    directory = tmp_path / "set"
    shutil.copytree(SMALL, directory)
    (directory / "hostile.yaml").write_bytes(GOOD + text)
    for build in IN_SET.values():
        result = runner.invoke(app, build(directory, SMALL))
        assert result.exit_code == 0, (kind, result.output[-2000:])
    result = runner.invoke(app, ["check", str(directory / "hostile.yaml"), "-f", "json"])
    assert '"errors": 0' in result.stdout


# schema: the one command that reads no profile


def test_schema_unknown_kind_is_a_usage_error() -> None:
    result = runner.invoke(app, ["schema", "profiles"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: unknown schema `profiles`; choose from profile, config, partnership; did you mean `profile`?\n"
    )


def test_schema_output_into_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "profile.schema.json"
    result = runner.invoke(app, ["schema", "profile", "--output", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: cannot write {target}: directory {target.parent} does not exist\n"
    )
    assert not target.parent.exists()


def test_schema_output_onto_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "config", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {tmp_path}: it is a directory\n"
    assert list(tmp_path.iterdir()) == []


def test_schema_output_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "config.schema.json"
    target.write_text("old\n")
    result = runner.invoke(app, ["schema", "config", "-o", str(target)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text() == runner.invoke(app, ["schema", "config"]).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["config.schema.json"]


def test_schema_output_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "profile.schema.json"
    target.write_text("old\n")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("partnerfit.io.atomic.os.fsync", disk_full)
    result = runner.invoke(app, ["schema", "profile", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"could not write {target}: No space left on device\n"
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.schema.json"]
