"""partnerfit.check and the loader behind it: every fixture's exact findings, and the bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerfit.check.files import check_paths
from partnerfit.check.result import CheckResult, FileReport
from partnerfit.check.rules import RULES
from partnerfit.errors import UsageError
from partnerfit.io.findings import Finding, Severity
from partnerfit.io.reader import read_document
from partnerfit.model import Limits
from partnerfit.render.check.github import escape_data, escape_property

CHECK = Path(__file__).parent.parent / "data" / "check"
FILE_FIXTURES = sorted((CHECK / "invalid").glob("*/*.yaml"))
SET_FIXTURES = sorted(p for p in (CHECK / "invalid" / "cross").iterdir() if p.is_dir())


def _expected(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _as_lines(result: CheckResult, root: Path) -> list[str]:
    out = []
    for f in result.findings:
        rel = Path(f.file).resolve().relative_to(root.resolve()).as_posix()
        out.append(f"{rel}:{f.line}:{f.column} {f.severity.value} {f.rule}")
    return out


def check_fixture(path: Path) -> CheckResult:
    """A file fixture alone; config-*.yaml fixtures are checked as the config."""
    return check_paths([path], config_path=path if path.stem.startswith("config-") else None)


@pytest.mark.parametrize("path", FILE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_file_fixture_gives_exactly_its_expected_findings(path: Path) -> None:
    result = check_fixture(path)
    assert _as_lines(result, path.parent) == _expected(path.with_suffix(".expected"))


@pytest.mark.parametrize("directory", SET_FIXTURES, ids=lambda p: p.name)
def test_set_fixture_gives_exactly_its_expected_findings(directory: Path) -> None:
    result = check_paths([directory])
    assert _as_lines(result, directory) == _expected(directory.with_suffix(".expected"))


def test_every_file_fixture_has_an_expected_file_and_each_fails_or_warns() -> None:
    for path in FILE_FIXTURES:
        assert path.with_suffix(".expected").is_file(), path
        assert check_fixture(path).findings, path


def test_valid_fixtures_are_clean_as_one_set() -> None:
    result = check_paths([CHECK / "valid"])
    assert result.findings == ()
    assert result.files_checked == 6
    assert result.config_source is not None
    assert result.config_source.endswith("partnerfit.yaml")
    assert result.exit_code == 0


def test_bundled_profiles_have_no_errors(bundled: Path) -> None:
    result = check_paths([bundled])
    assert result.errors == 0
    assert result.files_checked == 32
    assert result.findings == ()  # so `partnerfit check --strict` passes on them


def test_all_files_are_checked_in_one_run_and_a_broken_file_stops_nothing() -> None:
    result = check_paths([CHECK / "invalid" / "yaml", CHECK / "invalid" / "structural"])
    assert result.files_checked == len(FILE_FIXTURES)
    several = next(r for r in result.files if r.path.endswith("several-problems.yaml"))
    assert several.errors == 5
    with_errors = [p for p in FILE_FIXTURES if check_fixture(p).errors]
    # config-*.yaml fixtures are read as profiles here, and fail as such
    assert result.files_with_errors == len(with_errors) == len(FILE_FIXTURES) - 2
    assert result.warnings == 2  # octal.yaml and filename-mismatch.yaml only warn


def test_duplicate_ids_name_both_files() -> None:
    result = check_paths([CHECK / "invalid" / "cross" / "duplicate-id"])
    messages = [f.message for f in result.findings if f.rule == "duplicate-id"]
    assert len(messages) == 2
    assert messages[0].endswith("duplicate-id/same.yaml")
    assert messages[1].endswith("duplicate-id/copy/same.yaml")


def test_spelling_hints_say_did_you_mean_and_respect_synonyms() -> None:
    result = check_paths([CHECK / "invalid" / "cross" / "tag-spelling"])
    messages = [f.message for f in result.findings]
    assert messages == [
        "value `sustainabilty` is used only here, but `sustainability` is used in 3 profiles; "
        "did you mean `sustainability`?",
        "capability `communityoutreach` is used only here, but `community-outreach` is used in "
        "2 profiles; did you mean `community-outreach`?",
    ]
    # eco-friendly is a synonym in that set's partnerfit.yaml: not a misspelling
    assert not any("eco-friendly" in m for m in messages)


def test_unused_dealbreaker_suggests_a_close_tag() -> None:
    result = check_paths([CHECK / "invalid" / "cross" / "unused-dealbreaker"])
    assert next(f.hint for f in result.findings) == "did you mean `food`?"


def test_synonym_conflicts_are_errors_at_the_word() -> None:
    path = CHECK / "invalid" / "yaml" / "config-synonym-conflict.yaml"
    findings = check_paths([path], config_path=path).findings
    assert [f.message for f in findings] == [
        "`capital` is a synonym of both `funding` and `investment`",
        "`grants` is a canonical tag and also a synonym of `funding`",
    ]
    assert all(f.severity is Severity.ERROR for f in findings)


def test_findings_carry_end_positions() -> None:
    finding = check_fixture(CHECK / "invalid" / "yaml" / "norway.yaml").findings[0]
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 15, 3, 17)


def test_every_rule_reported_by_the_fixtures_is_registered() -> None:
    seen = {f.rule for p in FILE_FIXTURES for f in check_fixture(p).findings}
    seen |= {f.rule for d in SET_FIXTURES for f in check_paths([d]).findings}
    assert seen <= set(RULES)
    assert len(seen) >= 30


def test_missing_path_and_missing_config_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        check_paths([tmp_path / "nope"])
    with pytest.raises(UsageError, match="config file"):
        check_paths([tmp_path], config_path=tmp_path / "nope.yaml")


def test_strict_makes_warnings_fail() -> None:
    path = CHECK / "invalid" / "yaml" / "octal.yaml"
    assert check_paths([path]).exit_code == 0
    strict = check_paths([path], strict=True)
    assert strict.exit_code == 1
    assert strict.summary() == (
        "1 file checked: 0 files with errors, 0 errors, 1 warning (--strict: warnings fail)"
    )


def _finding(severity: Severity) -> Finding:
    return Finding("a.yaml", 1, 1, severity, "schema", "m")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from([Severity.ERROR, Severity.WARNING]), max_size=4), max_size=6),
    st.booleans(),
)
def test_exit_code_follows_errors_and_strict_warnings(
    severities: list[list[Severity]], strict: bool
) -> None:
    files = tuple(
        FileReport(f"f{i}.yaml", "profile", tuple(_finding(s) for s in group))
        for i, group in enumerate(severities)
    )
    result = CheckResult(files, strict=strict)
    errors = sum(s is Severity.ERROR for group in severities for s in group)
    warnings = sum(len(group) for group in severities) - errors
    assert result.exit_code == int(errors > 0 or (strict and warnings > 0))
    assert result.files_with_errors == sum(Severity.ERROR in group for group in severities)


# --------------------------------------------------------------------------- bounds and safety


def test_python_tags_are_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    profile = tmp_path / "evil.yaml"
    profile.write_text(
        f'id: evil\nname: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    result = check_paths([profile])
    assert [f.rule for f in result.findings] == ["unsafe-tag"]
    assert not marker.exists()


def test_alias_bomb_is_stopped_by_the_node_budget_without_expanding_it() -> None:
    doc = read_document(CHECK / "invalid" / "yaml" / "alias-bomb.yaml", limits=Limits())
    # 9**9 strings if expanded; the budget stops the walk at 100,000 nodes
    assert [f.rule for f in doc.findings] == ["node-budget"]
    assert doc.data is None


def test_deep_nesting_is_reported_without_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\nname: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = check_paths([path])
    assert [(f.rule, f.line) for f in result.findings] == [("too-deep", 2)]


def test_huge_file_is_refused_after_reading_only_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 8 GB that would never fit in memory
        handle.truncate(8 * 1024**3)
    result = check_paths([path])
    assert [f.rule for f in result.findings] == ["file-too-large"]


def test_file_size_limit_comes_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "partnerfit.yaml").write_text("limits:\n  max_file_bytes: 20\n", encoding="utf-8")
    (tmp_path / "big.yaml").write_text("id: big\nname: Bigger Than Twenty\n", encoding="utf-8")
    result = check_paths([tmp_path])
    assert [f.rule for f in result.findings] == ["file-too-large"]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_any_bytes_give_findings_never_an_exception(raw: bytes) -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"partnerfit-fuzz-{os.getpid()}.yaml"
    path.write_bytes(raw)
    try:
        result = check_paths([path])
    finally:
        path.unlink()
    lines = raw.count(b"\n") + 1
    for finding in result.findings:
        assert finding.rule in RULES
        assert finding.line is None or 1 <= finding.line <= lines + 1


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab%:,\r\n2A5"), max_size=30))
def test_github_escaping_is_one_line_and_reversible(text: str) -> None:
    for escaped in (escape_data(text), escape_property(text)):
        assert "\n" not in escaped
        assert "\r" not in escaped
        assert _unescape(escaped) == text
    assert ":" not in escape_property(text)
    assert "," not in escape_property(text)
