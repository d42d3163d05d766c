"""The serialised forms that recorded ledgers depend on, pinned byte for byte.

A genesis record holds its charter as a digest of the charter's canonical form, and stored
events and charters are JSON written field by field.  A refactoring of the model types
(a shared base class, a moved field) must leave all of them exactly as they were, or
recorded ledgers would no longer open under their own charters.  A deliberate change of a
charter (a new role, a new kind) changes its digest: update the pin in the same commit and
say so in the changelog.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from importlib import resources

import pytest

from cogov import basic_charter
from cogov.boundary.codec import dumps_charter, dumps_events
from cogov.engine.genesis import charter_digest
from cogov.plugins import build_charter, load_setup, make_plugin_manager

xiaoxiguan_plugin = pytest.importorskip("cogov_xiaoxiguan.plugin")
beijing_plugin = pytest.importorskip("cogov_beijing.plugin")
from cogov_xiaoxiguan.recorded import DATA_FILE, load_year  # noqa: E402

#: both shipped plugins, whatever COGOV_LOAD_PLUGINS says (the CI matrix runs with fewer)
PM = make_plugin_manager(
    autoload=False, plugins=[("xiaoxiguan", xiaoxiguan_plugin), ("beijing", beijing_plugin)]
)

#: charter digests of the basic charter and of the shipped plugins' charters
CHARTER_DIGESTS = {
    "basic": "743d85cc12fdd6797d2696e9add545b1",
    "xiaoxiguan": "3ab4861653a6527dd7f8f5b0e8d35541",
    "beijing": "831304f93ff9d34f72fd4821f2adb5f1",
}

#: SHA-256 of each charter's JSON document (``dumps_charter``)
CHARTER_DOCUMENTS = {
    "basic": "b6ff69ab2f5688837c6f1192998ce8bd531320451afb0a7a3b33ed1f617cc4f5",
    "xiaoxiguan": "8a4ed46ef4ee2ffa868358de01c48ab19c61b0b108f935c6fdee33e3c0e43704",
    "beijing": "30dd814ef262886839a49e74db3e41db6bd2b4f0154e19341fae9aea98196a95",
}

#: the recorded Xiaoxiguan year: file digest, event count, genesis digest and chain head
YEAR_SHA256 = "b65b8e94d1af281cbd9d5997a171789533cd6ec23897c02365695dde8f3fe4ad"
YEAR_EVENTS = 4562
YEAR_ROOT = "00a215e4a05786918c56f1f3a7916982"
YEAR_HEAD = "d5c91a5f52c8e3aabba76ec7185290ed"

#: the constructor of every class with a key and a bilingual label: parameters in order,
#: ``*`` marks keyword-only, ``=`` a default (positional calls must keep working)
LABELLED_SIGNATURES = {
    "cogov.evaluation.double_report:DoubleReportReview": (
        "key zh en required_hours= hours_weight= completion_weight= satisfaction_weight= tiers= subject="
    ),
    "cogov.evaluation.five_zeros:FiveZeros": (
        "key zh= en= targets= vulnerable_attributes= tiers= subject= level= maximum="
    ),
    "cogov.evaluation.five_zeros:ZeroTarget": "key zh en numerator denominator seqs= note=",
    "cogov.evaluation.panel:Grade": "key zh en points",
    "cogov.evaluation.panel:Panel": "key zh en weight minimum_ballots=",
    "cogov.evaluation.panel:PanelReview": (
        "key zh en panels grades= subject= maximum= tiers= fail_grade= fail_share="
    ),
    "cogov.evaluation.projects:Aspect": "key zh en weight maximum=",
    "cogov.evaluation.projects:ProjectQuality": "key zh en aspects rater_attribute= minimum_ratings= maximum= tiers=",
    "cogov.evaluation.rates:WeightedRates": (
        "key zh en level= weights= minimum_sample= confidence= weighted_satisfaction= maximum= tiers="
    ),
    "cogov.evaluation.satisfaction:TieredSatisfaction": (
        "key zh en weights= sources= minimum_answers= maximum= tiers= subject="
    ),
    "cogov.evaluation.score:Criterion": "key zh en value maximum seqs= records= note= interval= note_zh=",
    "cogov.evaluation.score:Tier": "key zh en minimum",
    "cogov.evaluation.score:Veto": "key zh en seqs= records= note= note_zh=",
    "cogov.evaluation.stars:Star": "key zh en activity_kinds= min_person_times=",
    "cogov.evaluation.stars:StarRating": (
        "key zh en stars vetoes= tiers= stages= stage_names_zh= require_notice= valid_days= cooling_off_days="
    ),
    "cogov.evaluation.stars:VetoRule": "key zh en check=",
    "cogov.evaluation.supervision:RedCardPenalty": (
        "key zh en subject= level= red_penalty= yellow_penalty= maximum= tiers="
    ),
    "cogov.model.charter:Charter": (
        "key zh en role_set workflow issue_kinds channels satisfaction_scale levels= meeting_kinds= "
        "association_kinds= activity_kinds= calendar= recording= rules= escalation_meeting= supervision= "
        "worthies_association= property_remit="
    ),
    "cogov.model.deadlines:StepDeadline": "key zh en states working_days= by_kind= kinds=",
    "cogov.model.roles:RoleSpec": "key zh en level duties= requires= max_holders= description=",
    "cogov.model.structure:Level": "key zh en",
    "cogov.model.vocabulary:ActivityKind": "key zh en association= duty=",
    "cogov.model.vocabulary:AssociationKind": "key zh en posts= activities=",
    "cogov.model.vocabulary:OfficerPost": "key zh en duties= max_holders=",
    "cogov.model.vocabulary:Channel": "key zh en",
    "cogov.model.vocabulary:IssueKind": "key zh en mediable= resolve_within_days=",
    "cogov.model.vocabulary:MeetingKind": "key zh en level cadence_days= duty=",
    "cogov.model.vocabulary:SatisfactionLevel": "key zh en weight= satisfied=",
    "cogov.model.workflow:State": "key zh en category",
    "cogov.plugins._specs:CharterSpec": (
        "key zh en role_set workflow= levels= issue_kinds= channels= meeting_kinds= association_kinds= "
        "activity_kinds= satisfaction_scale= calendar= rules= escalation_meeting= supervision= "
        "worthies_association= property_remit="
    ),
    "cogov.plugins._specs:SetupSpec": "key zh en charter community appointments= description=",
    "cogov.plugins._specs:WorkflowExtension": "key zh en base states= transitions=",
    "cogov.plugins:CommunitySetup": (
        "key zh en charter community appointments guards= observers= plugin= description="
    ),
}


def _signature(cls: type) -> str:
    params = inspect.signature(cls).parameters.values()
    return " ".join(
        ("*" if p.kind is p.KEYWORD_ONLY else "") + p.name + ("=" if p.default is not p.empty else "")
        for p in params
    )


@pytest.mark.parametrize("key", sorted(CHARTER_DIGESTS))
def test_charter_digests_are_unchanged(key: str) -> None:
    """The charter digest every genesis record of these charters holds is the pinned one."""
    assert charter_digest(build_charter(key, PM)) == CHARTER_DIGESTS[key]


def test_the_basic_charter_built_directly_has_the_pinned_digest() -> None:
    """``basic_charter()`` and the plugin host's ``basic`` charter are the same charter."""
    assert charter_digest(basic_charter()) == CHARTER_DIGESTS["basic"]


@pytest.mark.parametrize("key", sorted(CHARTER_DOCUMENTS))
def test_charter_documents_are_unchanged(key: str) -> None:
    """A charter's JSON document (field names, order, values) is byte for byte the pinned one."""
    text = dumps_charter(build_charter(key, PM))
    assert hashlib.sha256(text.encode()).hexdigest() == CHARTER_DOCUMENTS[key]


def test_the_recorded_xiaoxiguan_year_reads_verifies_and_writes_back_unchanged() -> None:
    """The packaged 2022 year: same bytes, same events written back, same genesis and chain head."""
    raw = resources.files("cogov_xiaoxiguan").joinpath("data", DATA_FILE).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == YEAR_SHA256
    events = load_year()
    assert len(events) == YEAR_EVENTS
    assert dumps_events(events).encode() == raw
    ledger = load_setup("xiaoxiguan", PM).ledger()
    ledger.apply_all(events)
    assert ledger.root.hex() == YEAR_ROOT
    assert ledger.head.hex() == YEAR_HEAD
    assert ledger.verify().hex() == YEAR_HEAD


@pytest.mark.parametrize("path", sorted(LABELLED_SIGNATURES))
def test_labelled_constructors_keep_their_parameters(path: str) -> None:
    """Each labelled class takes the same parameters in the same order (positional calls still work)."""
    module, name = path.split(":")
    cls = getattr(importlib.import_module(module), name)
    assert _signature(cls) == LABELLED_SIGNATURES[path]
