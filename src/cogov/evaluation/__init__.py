"""Evaluation (效果共评): explainable scoring rules and governance statistics.

Statistics are computed from events alone (:func:`compute_statistics`); rules score one subject over a
period and explain every point down to the events behind it (:meth:`Score.explain`).
Rule families: :class:`StarRating` (with vetoes), :class:`TieredSatisfaction`,
:class:`WeightedRates`, :class:`PanelReview`, :class:`ProjectQuality`.  Inputs that are not
ledger events (ballots, star claims, reviews, notices, ratings) are evaluation records.
"""

from __future__ import annotations

from cogov.evaluation.convention_figures import CeremonyFlag, ConventionFigures, convention_figures
from cogov.evaluation.disclosure import (
    SUPERVISION_DUTIES,
    DisclosureDocument,
    Matter,
    PowerEntry,
    disclose,
    disclosure_document,
)
from cogov.evaluation.double_report import (
    DoubleReportFigures,
    DoubleReportReview,
    RegistrantFigures,
    double_report,
)
from cogov.evaluation.explain import describe_event
from cogov.evaluation.five_zeros import (
    DEFAULT_VULNERABLE,
    ZERO_LABELS,
    FiveZeros,
    FiveZerosFigures,
    ZeroTarget,
    five_zeros,
)
from cogov.evaluation.good_people import GoodPeopleFigures, Honour, good_people
from cogov.evaluation.off_ledger import (
    Ballot,
    EvaluationRecord,
    Project,
    ProjectRating,
    PublicNotice,
    StarClaim,
    StarReview,
    StarRevocation,
    SurveyResponse,
    VetoFinding,
)
from cogov.evaluation.one_stop import OneStopFigures, one_stop
from cogov.evaluation.panel import STANDARD_GRADES, Grade, Panel, PanelReview
from cogov.evaluation.party_chain import ChainLink, PartyChainFigures, party_chain
from cogov.evaluation.period import Period
from cogov.evaluation.projects import Aspect, ProjectQuality
from cogov.evaluation.rates import RATE_KEYS, WeightedRates, wilson_interval
from cogov.evaluation.red_property import (
    PropertyIssueFigures,
    RedPropertyFigures,
    property_issues,
    red_property,
)
from cogov.evaluation.rollup import Rollup, roll_up
from cogov.evaluation.rule import EvaluationContext, Rule, RuleBase, normalise_weights, rank
from cogov.evaluation.satisfaction import TieredSatisfaction
from cogov.evaluation.score import SUBJECT_KINDS, Criterion, Score, Tier, Veto, explain_score, tier_for
from cogov.evaluation.stars import Star, StarRating, VetoRule, participation
from cogov.evaluation.statistics import (
    ActorFigures,
    GroupFigures,
    MetricActions,
    Statistics,
    compute_statistics,
    tally,
)
from cogov.evaluation.tally import Tally
from cogov.evaluation.worthies import WorthiesFigures, worthies_figures

__all__ = [
    "DEFAULT_VULNERABLE",
    "RATE_KEYS",
    "STANDARD_GRADES",
    "SUBJECT_KINDS",
    "SUPERVISION_DUTIES",
    "ZERO_LABELS",
    "ActorFigures",
    "Aspect",
    "Ballot",
    "CeremonyFlag",
    "ChainLink",
    "ConventionFigures",
    "Criterion",
    "DisclosureDocument",
    "DoubleReportFigures",
    "DoubleReportReview",
    "EvaluationContext",
    "EvaluationRecord",
    "FiveZeros",
    "FiveZerosFigures",
    "GoodPeopleFigures",
    "Grade",
    "GroupFigures",
    "Honour",
    "Matter",
    "MetricActions",
    "OneStopFigures",
    "Panel",
    "PanelReview",
    "PartyChainFigures",
    "Period",
    "PowerEntry",
    "Project",
    "ProjectQuality",
    "ProjectRating",
    "PropertyIssueFigures",
    "PublicNotice",
    "RedPropertyFigures",
    "RegistrantFigures",
    "Rollup",
    "Rule",
    "RuleBase",
    "Score",
    "Star",
    "StarClaim",
    "StarRating",
    "StarReview",
    "StarRevocation",
    "Statistics",
    "SurveyResponse",
    "Tally",
    "Tier",
    "TieredSatisfaction",
    "Veto",
    "VetoFinding",
    "VetoRule",
    "WeightedRates",
    "WorthiesFigures",
    "ZeroTarget",
    "compute_statistics",
    "convention_figures",
    "describe_event",
    "disclose",
    "disclosure_document",
    "double_report",
    "explain_score",
    "five_zeros",
    "good_people",
    "normalise_weights",
    "one_stop",
    "participation",
    "party_chain",
    "property_issues",
    "rank",
    "red_property",
    "roll_up",
    "tally",
    "tier_for",
    "wilson_interval",
    "worthies_figures",
]


def __getattr__(name: str) -> object:
    """``compute``, the old name of :func:`compute_statistics`, with a warning."""
    if name == "compute":
        import warnings  # noqa: PLC0415 - only on the deprecated path

        warnings.warn(
            "cogov.evaluation.compute is renamed cogov.evaluation.compute_statistics",
            DeprecationWarning,
            stacklevel=2,
        )
        return compute_statistics
    msg = f"module 'cogov.evaluation' has no attribute {name!r}"
    raise AttributeError(msg)
