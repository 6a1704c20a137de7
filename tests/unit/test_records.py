"""quick_init: a frozen dataclass with a faster __init__ is still the same dataclass."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from partnerfit.decide.ranking import Exclusion, RankedCandidate, _Scored
from partnerfit.io.records import quick_init
from partnerfit.scoring.card import CriterionResult, DealbreakerTags, ScoreCard
from partnerfit.scoring.encode import Tags


@dataclasses.dataclass(frozen=True)
class Plain:
    name: str
    value: float
    parts: tuple[int, ...] = ()
    tied: bool = False


@quick_init
@dataclasses.dataclass(frozen=True)
class Quick:
    name: str
    value: float
    parts: tuple[int, ...] = ()
    tied: bool = False


def _values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("a", 1.5), {}), (("a", 1.5, (1, 2)), {"tied": True}), ((), {"value": 2.0, "name": "b"})],
)
def test_the_same_fields_defaults_and_errors_as_dataclasses_own(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    plain, quick = Plain(*args, **kwargs), Quick(*args, **kwargs)
    assert _values(plain) == _values(quick)
    assert quick == Quick(*args, **kwargs)
    assert hash(quick) == hash(Quick(*args, **kwargs))
    assert repr(quick) == repr(plain).replace("Plain", "Quick")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.name = "changed"  # type: ignore[misc]
    assert _values(dataclasses.replace(quick, value=9.0)) == {**_values(plain), "value": 9.0}
    assert pickle.loads(pickle.dumps(dataclasses.replace(quick))) == quick
    for wrong in [(), ("a", 1.0, (), False, "extra")]:
        with pytest.raises(TypeError) as plain_error:
            Plain(*wrong)
        with pytest.raises(TypeError) as quick_error:
            Quick(*wrong)
        assert str(quick_error.value) == str(plain_error.value).replace("Plain.", "Quick.")


@pytest.mark.parametrize(
    "record",
    [CriterionResult, ScoreCard, RankedCandidate, Exclusion, _Scored, Tags, DealbreakerTags],
)
def test_the_records_built_by_the_thousand_keep_their_signatures(record: type) -> None:
    init = record.__init__  # type: ignore[misc]
    assert init.__replaced__ is not init
    assert inspect.signature(init) == inspect.signature(init.__replaced__)


def test_what_it_cannot_copy_exactly_is_refused() -> None:
    @dataclasses.dataclass
    class Mutable:
        x: int

    @dataclasses.dataclass(frozen=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Later:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        x: int

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Keywords:
        x: int

    for cls in (Mutable, Factory, Later, Slotted, Keywords, int):
        with pytest.raises(TypeError):
            quick_init(cls)
