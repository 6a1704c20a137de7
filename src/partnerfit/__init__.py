"""partnerfit: rank candidate partner organisations by explained, weighted fit.

The public API: everything scripts may import is listed in ``__all__``.
"""

from partnerfit._version import __version__
from partnerfit.batch import Comparison, PairScore, compare
from partnerfit.check import CheckResult, check_paths
from partnerfit.criteria import CRITERION_FUNCTIONS, CriterionResult
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

__all__ = [
    "COMPARE_FORMATS",
    "CRITERIA",
    "CRITERION_FUNCTIONS",
    "DEFAULT_WEIGHTS",
    "EXPLAIN_FORMATS",
    "MATCH_FORMATS",
    "METHODS",
    "RANK_FORMATS",
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
    "Limits",
    "MatchedPair",
    "Matching",
    "Need",
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
    "__version__",
    "assess_robustness",
    "check_paths",
    "compare",
    "criteria_matrix",
    "explain",
    "explanation_to_dict",
    "load_profile",
    "load_profile_set",
    "match",
    "normalise_tag",
    "rank",
    "rank_order_centroid",
    "rank_order_centroid_weights",
    "ranking_to_dict",
    "resolve_weights",
    "score_pair",
    "tier_for",
    "topsis",
    "weighted_product",
    "weighted_sum",
]
