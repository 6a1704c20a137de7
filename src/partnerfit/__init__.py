"""partnerfit: rank candidate partner organisations by explained, weighted fit.

The public API: everything scripts may import is listed in ``__all__``.
Names resolve on first use (PEP 562), so that ``import partnerfit`` and the command line
load numpy, pydantic and the engines only when something needs them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from partnerfit._version import __version__

if TYPE_CHECKING:
    from partnerfit.batch import Comparison, PairScore, compare
    from partnerfit.check import CheckResult, check_paths
    from partnerfit.criteria import CRITERION_FUNCTIONS, CriterionResult
    from partnerfit.decide.calibrate import Calibration, calibrate, records_from_outcomes
    from partnerfit.decide.weights import WeightsAnalysis, analyse_judgements
    from partnerfit.errors import ConfigError, PartnerfitError, ProfileError, UsageError
    from partnerfit.explain import Explanation, Improvement, explain
    from partnerfit.findings import Finding, Severity
    from partnerfit.matching import MatchedPair, Matching, Unmatched, match
    from partnerfit.methods import (
        rank_order_centroid,
        rank_order_centroid_weights,
        topsis,
        weighted_product,
    )
    from partnerfit.model.judgements import Judgements, load_judgements
    from partnerfit.model.outcomes import Outcomes, load_outcomes
    from partnerfit.models import (
        CRITERIA,
        DEFAULT_WEIGHTS,
        Communication,
        Config,
        Dealbreakers,
        Goal,
        Limits,
        Need,
        Profile,
        Reputation,
        Strength,
    )
    from partnerfit.profileset import ProfileSet, load_profile, load_profile_set
    from partnerfit.ranking import Exclusion, RankedCandidate, Ranking, rank, tier_for
    from partnerfit.render import (
        COMPARE_FORMATS,
        EXPLAIN_FORMATS,
        MATCH_FORMATS,
        RANK_FORMATS,
        explanation_to_dict,
        ranking_to_dict,
    )
    from partnerfit.robustness import (
        CandidateRobustness,
        FlipPoint,
        RobustnessReport,
        assess_robustness,
    )
    from partnerfit.scoring import (
        METHODS,
        ScoreCard,
        Weights,
        criteria_matrix,
        resolve_weights,
        score_pair,
        weighted_sum,
    )
    from partnerfit.vocabulary import Vocabulary, normalise_tag

_PUBLIC_MODULES: dict[str, str] = {
    "COMPARE_FORMATS": "partnerfit.render",
    "CRITERIA": "partnerfit.models",
    "CRITERION_FUNCTIONS": "partnerfit.criteria",
    "Calibration": "partnerfit.decide.calibrate",
    "CandidateRobustness": "partnerfit.robustness",
    "CheckResult": "partnerfit.check",
    "Communication": "partnerfit.models",
    "Comparison": "partnerfit.batch",
    "Config": "partnerfit.models",
    "ConfigError": "partnerfit.errors",
    "CriterionResult": "partnerfit.criteria",
    "DEFAULT_WEIGHTS": "partnerfit.models",
    "Dealbreakers": "partnerfit.models",
    "EXPLAIN_FORMATS": "partnerfit.render",
    "Exclusion": "partnerfit.ranking",
    "Explanation": "partnerfit.explain",
    "Finding": "partnerfit.findings",
    "FlipPoint": "partnerfit.robustness",
    "Goal": "partnerfit.models",
    "Improvement": "partnerfit.explain",
    "Judgements": "partnerfit.model.judgements",
    "Limits": "partnerfit.models",
    "MATCH_FORMATS": "partnerfit.render",
    "METHODS": "partnerfit.scoring",
    "MatchedPair": "partnerfit.matching",
    "Matching": "partnerfit.matching",
    "Need": "partnerfit.models",
    "Outcomes": "partnerfit.model.outcomes",
    "PairScore": "partnerfit.batch",
    "PartnerfitError": "partnerfit.errors",
    "Profile": "partnerfit.models",
    "ProfileError": "partnerfit.errors",
    "ProfileSet": "partnerfit.profileset",
    "RANK_FORMATS": "partnerfit.render",
    "RankedCandidate": "partnerfit.ranking",
    "Ranking": "partnerfit.ranking",
    "Reputation": "partnerfit.models",
    "RobustnessReport": "partnerfit.robustness",
    "ScoreCard": "partnerfit.scoring",
    "Severity": "partnerfit.findings",
    "Strength": "partnerfit.models",
    "Unmatched": "partnerfit.matching",
    "UsageError": "partnerfit.errors",
    "Vocabulary": "partnerfit.vocabulary",
    "Weights": "partnerfit.scoring",
    "WeightsAnalysis": "partnerfit.decide.weights",
    "analyse_judgements": "partnerfit.decide.weights",
    "assess_robustness": "partnerfit.robustness",
    "calibrate": "partnerfit.decide.calibrate",
    "check_paths": "partnerfit.check",
    "compare": "partnerfit.batch",
    "criteria_matrix": "partnerfit.scoring",
    "explain": "partnerfit.explain",
    "explanation_to_dict": "partnerfit.render",
    "load_judgements": "partnerfit.model.judgements",
    "load_outcomes": "partnerfit.model.outcomes",
    "load_profile": "partnerfit.profileset",
    "load_profile_set": "partnerfit.profileset",
    "match": "partnerfit.matching",
    "normalise_tag": "partnerfit.vocabulary",
    "rank": "partnerfit.ranking",
    "rank_order_centroid": "partnerfit.methods",
    "rank_order_centroid_weights": "partnerfit.methods",
    "ranking_to_dict": "partnerfit.render",
    "records_from_outcomes": "partnerfit.decide.calibrate",
    "resolve_weights": "partnerfit.scoring",
    "score_pair": "partnerfit.scoring",
    "tier_for": "partnerfit.ranking",
    "topsis": "partnerfit.methods",
    "weighted_product": "partnerfit.methods",
    "weighted_sum": "partnerfit.scoring",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _PublicAPI(types.ModuleType):
    """Keeps ``partnerfit.explain`` the function when the submodule of that name is imported
    (the import system sets the package attribute; eager imports used to overwrite it back)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC_MODULES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _PublicAPI


__all__ = [
    "COMPARE_FORMATS",
    "CRITERIA",
    "CRITERION_FUNCTIONS",
    "Calibration",
    "CandidateRobustness",
    "CheckResult",
    "Communication",
    "Comparison",
    "Config",
    "ConfigError",
    "CriterionResult",
    "DEFAULT_WEIGHTS",
    "Dealbreakers",
    "EXPLAIN_FORMATS",
    "Exclusion",
    "Explanation",
    "Finding",
    "FlipPoint",
    "Goal",
    "Improvement",
    "Judgements",
    "Limits",
    "MATCH_FORMATS",
    "METHODS",
    "MatchedPair",
    "Matching",
    "Need",
    "Outcomes",
    "PairScore",
    "PartnerfitError",
    "Profile",
    "ProfileError",
    "ProfileSet",
    "RANK_FORMATS",
    "RankedCandidate",
    "Ranking",
    "Reputation",
    "RobustnessReport",
    "ScoreCard",
    "Severity",
    "Strength",
    "Unmatched",
    "UsageError",
    "Vocabulary",
    "Weights",
    "WeightsAnalysis",
    "__version__",
    "analyse_judgements",
    "assess_robustness",
    "calibrate",
    "check_paths",
    "compare",
    "criteria_matrix",
    "explain",
    "explanation_to_dict",
    "load_judgements",
    "load_outcomes",
    "load_profile",
    "load_profile_set",
    "match",
    "normalise_tag",
    "rank",
    "rank_order_centroid",
    "rank_order_centroid_weights",
    "ranking_to_dict",
    "records_from_outcomes",
    "resolve_weights",
    "score_pair",
    "tier_for",
    "topsis",
    "weighted_product",
    "weighted_sum",
]
