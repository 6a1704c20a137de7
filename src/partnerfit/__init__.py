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
    from partnerfit.batch.calibrate import calibrate
    from partnerfit.batch.engine import Comparison, PairScore, compare
    from partnerfit.batch.match import MatchedPair, Matching, Unmatched, match
    from partnerfit.check.run import CheckResult, check_paths
    from partnerfit.decide.calibrate import Calibration, records_from_outcomes
    from partnerfit.decide.explain import Explanation, Improvement, explain
    from partnerfit.decide.ranking import Exclusion, RankedCandidate, Ranking, rank, tier_for
    from partnerfit.decide.robustness import (
        CandidateRobustness,
        FlipPoint,
        RobustnessReport,
        assess_robustness,
    )
    from partnerfit.decide.weights import WeightsAnalysis, analyse_judgements
    from partnerfit.errors import ConfigError, PartnerfitError, ProfileError, UsageError
    from partnerfit.io.findings import Finding, Severity
    from partnerfit.model import (
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
    from partnerfit.model.judgements import Judgements, load_judgements
    from partnerfit.model.outcomes import Outcomes, load_outcomes
    from partnerfit.model.profileset import ProfileSet, load_profile, load_profile_set
    from partnerfit.model.vocabulary import Vocabulary, normalise_tag
    from partnerfit.render import (
        COMPARE_FORMATS,
        EXPLAIN_FORMATS,
        MATCH_FORMATS,
        RANK_FORMATS,
        explanation_to_dict,
        ranking_to_dict,
    )
    from partnerfit.scoring.card import (
        METHODS,
        ScoreCard,
        Weights,
        criteria_matrix,
        resolve_weights,
        score_pair,
        weighted_sum,
    )
    from partnerfit.scoring.criteria import CRITERION_FUNCTIONS, CriterionResult
    from partnerfit.scoring.methods import (
        rank_order_centroid,
        rank_order_centroid_weights,
        topsis,
        weighted_product,
    )

_PUBLIC_MODULES: dict[str, str] = {
    "COMPARE_FORMATS": "partnerfit.render",
    "CRITERIA": "partnerfit.model",
    "CRITERION_FUNCTIONS": "partnerfit.scoring.criteria",
    "Calibration": "partnerfit.decide.calibrate",
    "CandidateRobustness": "partnerfit.decide.robustness",
    "CheckResult": "partnerfit.check.run",
    "Communication": "partnerfit.model",
    "Comparison": "partnerfit.batch.engine",
    "Config": "partnerfit.model",
    "ConfigError": "partnerfit.errors",
    "CriterionResult": "partnerfit.scoring.criteria",
    "DEFAULT_WEIGHTS": "partnerfit.model",
    "Dealbreakers": "partnerfit.model",
    "EXPLAIN_FORMATS": "partnerfit.render",
    "Exclusion": "partnerfit.decide.ranking",
    "Explanation": "partnerfit.decide.explain",
    "Finding": "partnerfit.io.findings",
    "FlipPoint": "partnerfit.decide.robustness",
    "Goal": "partnerfit.model",
    "Improvement": "partnerfit.decide.explain",
    "Judgements": "partnerfit.model.judgements",
    "Limits": "partnerfit.model",
    "MATCH_FORMATS": "partnerfit.render",
    "METHODS": "partnerfit.scoring.card",
    "MatchedPair": "partnerfit.batch.match",
    "Matching": "partnerfit.batch.match",
    "Need": "partnerfit.model",
    "Outcomes": "partnerfit.model.outcomes",
    "PairScore": "partnerfit.batch.engine",
    "PartnerfitError": "partnerfit.errors",
    "Profile": "partnerfit.model",
    "ProfileError": "partnerfit.errors",
    "ProfileSet": "partnerfit.model.profileset",
    "RANK_FORMATS": "partnerfit.render",
    "RankedCandidate": "partnerfit.decide.ranking",
    "Ranking": "partnerfit.decide.ranking",
    "Reputation": "partnerfit.model",
    "RobustnessReport": "partnerfit.decide.robustness",
    "ScoreCard": "partnerfit.scoring.card",
    "Severity": "partnerfit.io.findings",
    "Strength": "partnerfit.model",
    "Unmatched": "partnerfit.batch.match",
    "UsageError": "partnerfit.errors",
    "Vocabulary": "partnerfit.model.vocabulary",
    "Weights": "partnerfit.scoring.card",
    "WeightsAnalysis": "partnerfit.decide.weights",
    "analyse_judgements": "partnerfit.decide.weights",
    "assess_robustness": "partnerfit.decide.robustness",
    "calibrate": "partnerfit.batch.calibrate",
    "check_paths": "partnerfit.check.run",
    "compare": "partnerfit.batch.engine",
    "criteria_matrix": "partnerfit.scoring.card",
    "explain": "partnerfit.decide.explain",
    "explanation_to_dict": "partnerfit.render",
    "load_judgements": "partnerfit.model.judgements",
    "load_outcomes": "partnerfit.model.outcomes",
    "load_profile": "partnerfit.model.profileset",
    "load_profile_set": "partnerfit.model.profileset",
    "match": "partnerfit.batch.match",
    "normalise_tag": "partnerfit.model.vocabulary",
    "rank": "partnerfit.decide.ranking",
    "rank_order_centroid": "partnerfit.scoring.methods",
    "rank_order_centroid_weights": "partnerfit.scoring.methods",
    "ranking_to_dict": "partnerfit.render",
    "records_from_outcomes": "partnerfit.decide.calibrate",
    "resolve_weights": "partnerfit.scoring.card",
    "score_pair": "partnerfit.scoring.card",
    "tier_for": "partnerfit.decide.ranking",
    "topsis": "partnerfit.scoring.methods",
    "weighted_product": "partnerfit.scoring.methods",
    "weighted_sum": "partnerfit.scoring.card",
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
    """Keeps ``partnerfit.decide.explain`` the function when the submodule of that name is imported
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
    "DEFAULT_WEIGHTS",
    "EXPLAIN_FORMATS",
    "MATCH_FORMATS",
    "METHODS",
    "RANK_FORMATS",
    "Calibration",
    "CandidateRobustness",
    "CheckResult",
    "Communication",
    "Comparison",
    "Config",
    "ConfigError",
    "CriterionResult",
    "Dealbreakers",
    "Exclusion",
    "Explanation",
    "Finding",
    "FlipPoint",
    "Goal",
    "Improvement",
    "Judgements",
    "Limits",
    "MatchedPair",
    "Matching",
    "Need",
    "Outcomes",
    "PairScore",
    "PartnerfitError",
    "Profile",
    "ProfileError",
    "ProfileSet",
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
