"""Second hostile round, the library: arguments checked at the edge, absurd sizes refused before
any allocation, and the "did you mean" search of check bounded per question."""

from __future__ import annotations

import difflib
import random
import string
from pathlib import Path

import pytest

import partnerfit
from partnerfit.errors import UsageError
from partnerfit.model.near_miss import NearMiss

SMALL = Path(__file__).parent.parent / "data" / "small"


def test_check_paths_refuses_a_single_string_instead_of_reading_its_characters() -> None:
    with pytest.raises(TypeError, match=r"^paths must be an iterable of paths, not a single str: "):
        partnerfit.check_paths(str(SMALL))  # type: ignore[arg-type]


def test_check_paths_refuses_bytes_among_the_paths() -> None:
    message = r"^each of paths must be a path \(str or os.PathLike\), not bytes$"
    with pytest.raises(TypeError, match=message):
        partnerfit.check_paths([b"profiles"])  # type: ignore[list-item]


def test_check_paths_refuses_a_config_path_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"^config_path must be a path"):
        partnerfit.check_paths([SMALL], config_path=3)  # type: ignore[arg-type]


def test_rank_order_centroid_refuses_a_billion_criteria_before_allocating() -> None:
    with pytest.raises(
        ValueError, match=r"^count must be between 1 and 10,000, not 1,000,000,000$"
    ):
        partnerfit.rank_order_centroid(10**9)


@pytest.mark.parametrize("count", [2.0, True, "3"])
def test_rank_order_centroid_refuses_what_is_not_an_int(count: object) -> None:
    with pytest.raises(TypeError, match=r"^count must be a whole number \(int\), not "):
        partnerfit.rank_order_centroid(count)  # type: ignore[arg-type]


def test_rank_takes_a_set_or_a_directory_and_refuses_anything_else() -> None:
    by_directory = partnerfit.rank("alpha", str(SMALL))
    by_set = partnerfit.rank("alpha", partnerfit.load_profile_set(SMALL))
    assert by_directory.to_records() == by_set.to_records()
    message = r"^profiles must be a ProfileSet \(see load_profile_set\) or a directory, not list$"
    with pytest.raises(TypeError, match=message):
        partnerfit.rank("alpha", [str(SMALL)])  # type: ignore[arg-type]


def test_robustness_refuses_a_billion_samples_and_a_vanishing_spread() -> None:
    profiles = partnerfit.load_profile_set(SMALL)
    with pytest.raises(UsageError, match=r"^--robustness must be between 1 and 1,000,000, not"):
        partnerfit.rank("alpha", profiles, robustness=10**9)
    with pytest.raises(
        UsageError, match=r"^--spread must be at least 0.001 and below 1, not 1e-320$"
    ):
        partnerfit.rank("alpha", profiles, robustness=10, spread=1e-320)
    with pytest.raises(TypeError, match=r"^samples must be a whole number \(int\), not float$"):
        partnerfit.rank("alpha", profiles, robustness=1e3)  # type: ignore[arg-type]


def test_near_miss_judges_a_bounded_shortlist_whatever_the_vocabulary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(5_000)]
    judged: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
        judged.append(len(possibilities))
        return real(word, possibilities, n=n, cutoff=cutoff)

    monkeypatch.setattr("partnerfit.model.near_miss.difflib.get_close_matches", counting)
    near_miss = NearMiss(words)
    typo = words[1234][:5] + "x" + words[1234][6:]
    assert near_miss(typo) == words[1234]
    for word in ("".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(200)):
        near_miss(word)
    assert len(judged) == 201
    assert max(judged) <= NearMiss.SHORTLIST  # never the 5,000: linear over many questions


def test_near_miss_on_a_small_vocabulary_is_exactly_difflib() -> None:
    words = ["sustainability", "transparency", "open-data", "care"]
    for question in ("sustainabilty", "transparancy", "opendata", "zzz", "car"):
        close = difflib.get_close_matches(question, sorted(words), n=1)
        assert NearMiss(words)(question) == (close[0] if close else None)
