"""partnerfit: rank candidate partner organisations by explained, weighted fit.

The public API is declared once, in ``_PUBLIC`` below (the module each public name comes
from), and ``__all__`` is made from it; everything else is private to the package. The
reference page docs/api.md is generated from ``__all__`` (``scripts/api_reference.py``) and a
test keeps it current. Names resolve on first use (PEP 562), so that ``import partnerfit``
and the command line load numpy, pydantic and the engines only when something needs them;
for type checkers the same names are imported under ``TYPE_CHECKING`` (a test holds that
block equal to ``_PUBLIC``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from partnerfit._cpu import prefer_avx2_sorts
from partnerfit._version import __version__

prefer_avx2_sorts()  # before numpy is imported: see partnerfit/_cpu.py

_PUBLIC: dict[str, tuple[str, ...]] = {
    "partnerfit.batch.engine": (
        "Comparison",
        "PairScore",
        "compare",
    ),
    "partnerfit.batch.calibrate": ("calibrate",),
    "partnerfit.batch.match": (
        "MatchedPair",
        "Matching",
        "Unmatched",
        "match",
    ),
    "partnerfit.check.files": ("check_paths",),
    "partnerfit.check.result": ("CheckResult",),
    "partnerfit.decide.calibrate": (
        "Calibration",
        "records_from_outcomes",
    ),
    "partnerfit.decide.explain": (
        "Explanation",
        "Improvement",
        "explain",
        "explain_each",
    ),
    "partnerfit.decide.ranking": (
        "Exclusion",
        "RankedCandidate",
        "Ranking",
        "rank",
    ),
    "partnerfit.decide.robustness": (
        "CandidateRobustness",
        "FlipPoint",
        "RobustnessReport",
        "assess_robustness",
    ),
    "partnerfit.decide.weights": (
        "WeightsAnalysis",
        "analyse_judgements",
    ),
    "partnerfit.errors": (
        "ConfigError",
        "PartnerfitError",
        "ProfileError",
        "UsageError",
    ),
    "partnerfit.io.findings": (
        "Finding",
        "Severity",
    ),
    "partnerfit.model": (
        "CRITERIA",
        "DEFAULT_WEIGHTS",
        "Communication",
        "Config",
        "Dealbreakers",
        "Goal",
        "Limits",
        "Need",
        "Profile",
        "Reputation",
        "Strength",
    ),
    "partnerfit.model.judgements": (
        "Judgements",
        "load_judgements",
    ),
    "partnerfit.model.outcomes": (
        "Outcomes",
        "load_outcomes",
    ),
    "partnerfit.model.partnership": ("Partnership",),
    "partnerfit.model.partnership_set": (
        "PartnershipSet",
        "load_partnership_set",
    ),
    "partnerfit.model.profileset": (
        "ProfileSet",
        "load_profile",
        "load_profile_set",
    ),
    "partnerfit.model.vocabulary": (
        "Vocabulary",
        "normalise_tag",
    ),
    "partnerfit.render": (
        "COMPARE_FORMATS",
        "EXPLAIN_FORMATS",
        "MATCH_FORMATS",
        "RANK_FORMATS",
        "explanation_to_dict",
        "ranking_to_dict",
    ),
    "partnerfit.review": (
        "partnership_outcomes",
        "review_partnerships",
    ),
    "partnerfit.review.results": (
        "PartnershipReview",
        "ReviewResult",
        "SelectionOutcome",
    ),
    "partnerfit.scoring.card": (
        "METHODS",
        "CriterionResult",
        "ScoreCard",
        "Weights",
        "criteria_matrix",
        "resolve_weights",
        "score_pair",
        "weighted_sum",
    ),
    "partnerfit.scoring.coverage": ("tier_for",),
    "partnerfit.scoring.criteria": ("CRITERIA_SPECS",),
    "partnerfit.scoring.methods": (
        "rank_order_centroid",
        "rank_order_centroid_weights",
        "topsis",
        "weighted_product",
    ),
}
"""Module → the public names it provides."""

__all__ = ["__version__", *sorted(name for names in _PUBLIC.values() for name in names)]

_MODULE_OF = {name: module for module, names in _PUBLIC.items() for name in names}

if TYPE_CHECKING:
    from partnerfit.batch.calibrate import (
        calibrate as calibrate,
    )
    from partnerfit.batch.engine import (
        Comparison as Comparison,
    )
    from partnerfit.batch.engine import (
        PairScore as PairScore,
    )
    from partnerfit.batch.engine import (
        compare as compare,
    )
    from partnerfit.batch.match import (
        MatchedPair as MatchedPair,
    )
    from partnerfit.batch.match import (
        Matching as Matching,
    )
    from partnerfit.batch.match import (
        Unmatched as Unmatched,
    )
    from partnerfit.batch.match import (
        match as match,
    )
    from partnerfit.check.files import (
        check_paths as check_paths,
    )
    from partnerfit.check.result import (
        CheckResult as CheckResult,
    )
    from partnerfit.decide.calibrate import (
        Calibration as Calibration,
    )
    from partnerfit.decide.calibrate import (
        records_from_outcomes as records_from_outcomes,
    )
    from partnerfit.decide.explain import (
        Explanation as Explanation,
    )
    from partnerfit.decide.explain import (
        Improvement as Improvement,
    )
    from partnerfit.decide.explain import (
        explain as explain,
    )
    from partnerfit.decide.explain import (
        explain_each as explain_each,
    )
    from partnerfit.decide.ranking import (
        Exclusion as Exclusion,
    )
    from partnerfit.decide.ranking import (
        RankedCandidate as RankedCandidate,
    )
    from partnerfit.decide.ranking import (
        Ranking as Ranking,
    )
    from partnerfit.decide.ranking import (
        rank as rank,
    )
    from partnerfit.decide.robustness import (
        CandidateRobustness as CandidateRobustness,
    )
    from partnerfit.decide.robustness import (
        FlipPoint as FlipPoint,
    )
    from partnerfit.decide.robustness import (
        RobustnessReport as RobustnessReport,
    )
    from partnerfit.decide.robustness import (
        assess_robustness as assess_robustness,
    )
    from partnerfit.decide.weights import (
        WeightsAnalysis as WeightsAnalysis,
    )
    from partnerfit.decide.weights import (
        analyse_judgements as analyse_judgements,
    )
    from partnerfit.errors import (
        ConfigError as ConfigError,
    )
    from partnerfit.errors import (
        PartnerfitError as PartnerfitError,
    )
    from partnerfit.errors import (
        ProfileError as ProfileError,
    )
    from partnerfit.errors import (
        UsageError as UsageError,
    )
    from partnerfit.io.findings import (
        Finding as Finding,
    )
    from partnerfit.io.findings import (
        Severity as Severity,
    )
    from partnerfit.model import (
        CRITERIA as CRITERIA,
    )
    from partnerfit.model import (
        DEFAULT_WEIGHTS as DEFAULT_WEIGHTS,
    )
    from partnerfit.model import (
        Communication as Communication,
    )
    from partnerfit.model import (
        Config as Config,
    )
    from partnerfit.model import (
        Dealbreakers as Dealbreakers,
    )
    from partnerfit.model import (
        Goal as Goal,
    )
    from partnerfit.model import (
        Limits as Limits,
    )
    from partnerfit.model import (
        Need as Need,
    )
    from partnerfit.model import (
        Profile as Profile,
    )
    from partnerfit.model import (
        Reputation as Reputation,
    )
    from partnerfit.model import (
        Strength as Strength,
    )
    from partnerfit.model.judgements import (
        Judgements as Judgements,
    )
    from partnerfit.model.judgements import (
        load_judgements as load_judgements,
    )
    from partnerfit.model.outcomes import (
        Outcomes as Outcomes,
    )
    from partnerfit.model.outcomes import (
        load_outcomes as load_outcomes,
    )
    from partnerfit.model.partnership import Partnership as Partnership
    from partnerfit.model.partnership_set import PartnershipSet as PartnershipSet
    from partnerfit.model.partnership_set import load_partnership_set as load_partnership_set
    from partnerfit.model.profileset import (
        ProfileSet as ProfileSet,
    )
    from partnerfit.model.profileset import (
        load_profile as load_profile,
    )
    from partnerfit.model.profileset import (
        load_profile_set as load_profile_set,
    )
    from partnerfit.model.vocabulary import (
        Vocabulary as Vocabulary,
    )
    from partnerfit.model.vocabulary import (
        normalise_tag as normalise_tag,
    )
    from partnerfit.render import (
        COMPARE_FORMATS as COMPARE_FORMATS,
    )
    from partnerfit.render import (
        EXPLAIN_FORMATS as EXPLAIN_FORMATS,
    )
    from partnerfit.render import (
        MATCH_FORMATS as MATCH_FORMATS,
    )
    from partnerfit.render import (
        RANK_FORMATS as RANK_FORMATS,
    )
    from partnerfit.render import (
        explanation_to_dict as explanation_to_dict,
    )
    from partnerfit.render import (
        ranking_to_dict as ranking_to_dict,
    )
    from partnerfit.review import partnership_outcomes as partnership_outcomes
    from partnerfit.review import review_partnerships as review_partnerships
    from partnerfit.review.results import PartnershipReview as PartnershipReview
    from partnerfit.review.results import ReviewResult as ReviewResult
    from partnerfit.review.results import SelectionOutcome as SelectionOutcome
    from partnerfit.scoring.card import (
        METHODS as METHODS,
    )
    from partnerfit.scoring.card import (
        CriterionResult as CriterionResult,
    )
    from partnerfit.scoring.card import (
        ScoreCard as ScoreCard,
    )
    from partnerfit.scoring.card import (
        Weights as Weights,
    )
    from partnerfit.scoring.card import (
        criteria_matrix as criteria_matrix,
    )
    from partnerfit.scoring.card import (
        resolve_weights as resolve_weights,
    )
    from partnerfit.scoring.card import (
        score_pair as score_pair,
    )
    from partnerfit.scoring.card import (
        weighted_sum as weighted_sum,
    )
    from partnerfit.scoring.coverage import (
        tier_for as tier_for,
    )
    from partnerfit.scoring.criteria import (
        CRITERIA_SPECS as CRITERIA_SPECS,
    )
    from partnerfit.scoring.methods import (
        rank_order_centroid as rank_order_centroid,
    )
    from partnerfit.scoring.methods import (
        rank_order_centroid_weights as rank_order_centroid_weights,
    )
    from partnerfit.scoring.methods import (
        topsis as topsis,
    )
    from partnerfit.scoring.methods import (
        weighted_product as weighted_product,
    )


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
