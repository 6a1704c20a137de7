"""Values from a fixed list or range: the error names what is allowed and the nearest value."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerfit.check.files import check_paths


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("id: Bad_Slug\nname: X\n", "did you mean `bad-slug`?"),
        ("id: x\nname: X\nkind: goverment\n", "did you mean `government`?"),
        ("id: x\nname: X\ncommunication:\n  cadence: fortnightly\n", None),
        (
            "id: x\nname: X\nvalues:\n  trust: 7\n",
            "a whole number from 1 (minor) to 5 (essential); did you mean 5?",
        ),
        (
            "id: x\nname: X\nneeds:\n  - capability: a\n    priority: 0\n",
            "a whole number from 1 (nice to have) to 5 (vital); did you mean 1?",
        ),
        (
            "id: x\nname: X\nstrengths:\n  - capability: a\n    level: 6\n",
            "a whole number from 1 (basic) to 5 (outstanding); did you mean 5?",
        ),
        ("id: x\nname: X\nreputation:\n  rating: 9.5\n", "a rating from 0 to 5"),
        (
            'id: x\nname: X\ngoals:\n  - statement: s\n    deadline: "soon"\n',
            "write the date as YYYY-MM-DD, e.g. 2027-06-30",
        ),
    ],
)
def test_hints(tmp_path: Path, body: str, hint: str | None) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(body)
    (finding,) = check_paths([path]).findings
    assert finding.hint == hint
    if "cadence" in body:
        # the list of allowed values is in the message itself
        assert "'daily', 'weekly', 'biweekly', 'monthly' or 'quarterly'" in finding.message
