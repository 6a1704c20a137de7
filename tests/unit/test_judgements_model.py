"""The judgements and outcomes files: valid files load, bad ones give located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit.decide.weights import analyse_judgements
from partnerfit.errors import ProfileError
from partnerfit.model.judgements import load_judgements, parse_judgement_value
from partnerfit.model.outcomes import load_outcomes, outcome_value

ROOT = Path(__file__).parent.parent.parent
HEAD = "kind: judgements\ncriteria: [cost, safety, style]\nstakeholders:\n"


def _write(tmp_path: Path, text: str, name: str = "j.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path: Path) -> str:
    with pytest.raises(ProfileError) as caught:
        load_judgements(path, path.name)
    return caught.value.message


def test_bundled_judgements_load() -> None:
    loaded = load_judgements(ROOT / "judgements" / "stakeholders.yaml")
    assert [s.name for s in loaded.stakeholders] == [
        "director",
        "programme-lead",
        "finance-officer",
    ]
    assert len(loaded.criteria) == 6


@pytest.mark.parametrize(
    ("given", "expected"),
    [(3, 3), ("1/5", 0.2), ("0.5", 0.5), (" 2 / 3 ", 2 / 3), (1.5, 1.5), ("1.5/3", 0.5)],
)
def test_judgement_values(given: object, expected: float) -> None:
    assert parse_judgement_value(given) == pytest.approx(expected)


def test_fractions_and_decimals_in_a_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEAD + "  - name: a\n    judgements:\n"
        "      - [cost, safety, 1/5]\n      - [safety, style, 0.5]\n      - [cost, style, 2]\n",
    )
    loaded = load_judgements(path)
    assert loaded.stakeholders[0].judgements[0][2] == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - name: a\n    judgements:\n      - [cost, safty, 3]\n      - [cost, style, 2]\n",
            "j.yaml:6:16: error unknown-criterion: `safty` is not in `criteria`\n"
            "  hint: did you mean `safety`?",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, cost, 3]\n      - [cost, safety, 2]\n"
            "      - [cost, style, 2]\n",
            "j.yaml:6:9: error self-judgement: `cost` is compared with itself\n"
            "  hint: remove this line",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, safety, 3]\n      - [safety, cost, 2]\n"
            "      - [cost, style, 2]\n",
            "j.yaml:7:9: error repeated-judgement: a judges `safety` against `cost` twice "
            "(also judgement 1)",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, safety, 3]\n",
            "j.yaml:6:7: error unlinked-criteria: a's judgements leave the criteria in 2 unlinked "
            "groups: {cost, safety}; {style}",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, safety, 12]\n      - [cost, style, 2]\n",
            "j.yaml:6:24: error schema: stakeholders[0].judgements[0][2]: a judgement is on "
            "Saaty's scale, from 1/9 to 9 (got 12)",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, safety, 1/0]\n      - [cost, style, 2]\n",
            "j.yaml:6:24: error schema: stakeholders[0].judgements[0][2]: '1/0' divides by zero "
            "(got '1/0')",
        ),
        (
            "  - name: a\n    judgements:\n      - [cost, safety, 3]\n      - [cost, style, 2]\n"
            "  - name: a\n    judgements:\n      - [cost, safety, 3]\n      - [cost, style, 2]\n",
            "j.yaml:8:11: error duplicate-stakeholder: stakeholder `a` is listed twice",
        ),
    ],
    ids=["unknown", "self", "repeated", "unlinked", "off-scale", "zero", "duplicate-name"],
)
def test_located_errors(tmp_path: Path, body: str, expected: str) -> None:
    assert expected in _errors(_write(tmp_path, HEAD + body))


def test_missing_kind_and_unknown_field(tmp_path: Path) -> None:
    message = _errors(_write(tmp_path, "criteria: [a, b]\nstakeholder: []\n"))
    assert "missing required field `kind`" in message
    assert "unknown field `stakeholder`" in message
    assert "did you mean `stakeholders`?" in message


def test_custom_criteria_serve_any_decision(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEAD + "  - name: a\n    judgements:\n"
        "      - [cost, safety, 3]\n      - [cost, style, 7]\n      - [safety, style, 9]\n",
    )
    analysis = analyse_judgements(load_judgements(path), "j.yaml")
    weights = analysis.group_weights
    assert list(weights) == ["cost", "safety", "style"]
    # ahpy 2.1 README (car example, criteria): the same judgements give .62, .32, .06
    assert [round(w, 2) for w in weights.values()] == [0.62, 0.32, 0.06]


OUTCOMES = "kind: outcomes\noutcomes:\n"


def test_outcomes_values_and_errors(tmp_path: Path) -> None:
    good = _write(
        tmp_path,
        OUTCOMES + "  - {focal: a, partner: b, outcome: success}\n"
        "  - {focal: a, partner: c, outcome: 35}\n"
        "  - {focal: b, partner: c, outcome: failure, date: 2024-01-31}\n",
        "o.yaml",
    )
    loaded = load_outcomes(good, {"a", "b", "c"})
    assert [outcome_value(o) for o in loaded.outcomes] == [1.0, 0.35, 0.0]
    bad = _write(
        tmp_path,
        OUTCOMES + "  - {focal: a, partner: bb, outcome: success}\n"
        "  - {focal: a, partner: a, outcome: 20}\n",
        "bad.yaml",
    )
    with pytest.raises(ProfileError) as caught:
        load_outcomes(bad, {"a", "b"}, "bad.yaml")
    message = caught.value.message
    assert message == (
        "bad.yaml:3:25: error unknown-id: no profile with id `bb` in the profile set\n"
        "  hint: did you mean `b`?\n"
        "bad.yaml:4:5: error self-partnership: `a` is its own partner"
    )
    worse = _write(tmp_path, OUTCOMES + "  - {focal: a, partner: b, outcome: sucess}\n", "w.yaml")
    with pytest.raises(ProfileError) as caught:
        load_outcomes(worse, {"a", "b"}, "w.yaml")
    assert caught.value.message == (
        "w.yaml:3:37: error schema: outcomes[0].outcome: an outcome is success, failure or a "
        "rating 0..100; did you mean `success`? (got 'sucess')"
    )
