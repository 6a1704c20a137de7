"""Suppressions: --ignore, the config's ignore list, and inline comments, for warnings only."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit.check.suppress import LineReader, inline_rules, parse_rules, suppress
from partnerfit.errors import UsageError
from partnerfit.io.findings import Finding, Severity

SEVERITIES = {
    "tag-spelling": Severity.WARNING,
    "unused-dealbreaker": Severity.WARNING,
    "yaml-syntax": Severity.ERROR,
}


def warning(rule: str, line: int | None = 2, file: str = "a.yaml") -> Finding:
    return Finding(file, line, 1, Severity.WARNING, rule, "message")


@pytest.mark.parametrize(
    ("line", "rules"),
    [
        ("values: [x]  # partnerfit: ignore[tag-spelling]", frozenset({"tag-spelling"})),
        (
            "x: 1 #partnerfit:ignore[ tag-spelling , unused-dealbreaker ]",
            frozenset({"tag-spelling", "unused-dealbreaker"}),
        ),
        ("x: 1  # partnerfit: ignore", frozenset()),
        ("x: 1  # PartnerFit: Ignore[tag-spelling]", frozenset({"tag-spelling"})),
        ("x: 1  # ignore[tag-spelling]", None),
        ("x: 1", None),
    ],
)
def test_inline_comments(line: str, rules: frozenset[str] | None) -> None:
    assert inline_rules(line) == rules


def test_parse_rules_accepts_warnings_only() -> None:
    assert parse_rules(["tag-spelling,unused-dealbreaker", ""], SEVERITIES) == {
        "tag-spelling",
        "unused-dealbreaker",
    }
    with pytest.raises(UsageError) as caught:
        parse_rules(["tag-speling"], SEVERITIES)
    assert caught.value.message == (
        "--ignore: unknown rule `tag-speling`; did you mean `tag-spelling`?; rules that can be "
        "ignored: tag-spelling, unused-dealbreaker"
    )
    with pytest.raises(UsageError) as caught:
        parse_rules(["yaml-syntax"], SEVERITIES, "ignore in partnerfit.yaml")
    assert caught.value.message.startswith(
        "ignore in partnerfit.yaml: `yaml-syntax` is an error and cannot be ignored"
    )


def test_suppress_by_rule_and_by_comment(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "id: a\nvalues: [sustainabilty]  # partnerfit: ignore[tag-spelling]\nx: 1  # partnerfit: ignore\n"
    )
    reader = LineReader()
    found = [
        warning("tag-spelling", 2, str(path)),
        warning("unused-dealbreaker", 2, str(path)),  # not in the comment's list
        warning("unused-dealbreaker", 3, str(path)),  # a bare comment ignores every warning
        warning("tag-spelling", 1, str(path)),
        warning("tag-spelling", None, str(path)),
        Finding(str(path), 2, 1, Severity.ERROR, "yaml-syntax", "broken"),  # errors stay
    ]
    kept, count = suppress(found, frozenset(), reader)
    assert count == 2
    assert [(f.rule, f.line) for f in kept] == [
        ("unused-dealbreaker", 2),
        ("tag-spelling", 1),
        ("tag-spelling", None),
        ("yaml-syntax", 2),
    ]
    kept, count = suppress(found, frozenset({"tag-spelling"}), reader)
    assert count == 4
    assert reader(str(tmp_path / "missing.yaml"), 1) is None
    assert reader(str(path), 99) is None
