"""Chinese text is Chinese: labels, explanations, tooltips and "not rated" reasons carry no English.

Identifiers stay as they are (unit codes, person ids, record ids, keys with ``_``, ``-``, ``:``
or digits); every other run of Latin letters in Chinese text is an English fragment.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from cogov import CHINA_TZ
from cogov.evaluation import Period
from cogov.plugins import load_setup
from cogov.report import HEADLINE, from_ledger, print_report, render_html, score_cards
from cogov.report._labels import _LABELS
from cogov.report._scores import DEFAULT_RULES

recorded = pytest.importorskip("cogov_xiaoxiguan.recorded")
xevaluation = pytest.importorskip("cogov_xiaoxiguan.evaluation")

YEAR = Period.year(2022, CHINA_TZ)
#: Latin words a Chinese page may show: the program's name and the time zone
ALLOWED = {"cogov", "UTC"}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_:.\-]*")


def english_fragments(text: str) -> list[str]:
    """Runs of Latin letters in ``text`` that are neither identifiers nor allowed names."""
    found = []
    for word in _WORD.findall(text):
        if word in ALLOWED or re.search(r"[0-9_:\-]", word) or len(word) < 2:
            continue  # an identifier (XXG-P-1, xiaoxiguan:cadre_review, H0101) is data, not prose
        found.append(word)
    return found


class _Text(HTMLParser):
    """The text a reader sees: element text and tooltips (``title``), not markup or the data script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(value for name, value in attrs if name == "title" and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


@pytest.fixture(scope="module")
def year_ledger():  # type: ignore[no-untyped-def]
    ledger = load_setup("xiaoxiguan").ledger()
    ledger.apply_all(recorded.load_year())
    return ledger


def test_report_frame_labels_have_no_english() -> None:
    """Every Chinese label of the report's frame and every headline figure's name is Chinese."""
    for key, (zh, _en) in _LABELS.items():
        assert english_fragments(zh) == [], key
    for spec in HEADLINE:
        assert english_fragments(spec.label.zh) == [], spec.key


@pytest.mark.parametrize("rules", ["charter", "default"])
def test_chinese_report_has_no_english_fragments(year_ledger, rules: str) -> None:  # type: ignore[no-untyped-def]
    """The Chinese HTML report of the recorded year, tooltips included, and its terminal tables."""
    chosen = DEFAULT_RULES if rules == "default" else ()
    data = from_ledger(year_ledger, period=YEAR, scores=score_cards(year_ledger, YEAR, chosen))
    assert data.scores
    parser = _Text()
    parser.feed(render_html(data, "zh"))
    page = "\n".join(parser.parts)
    assert "置信区间" in page  # the score tooltips are there, in Chinese
    assert english_fragments(page) == []
    console = Console(record=True, width=120)
    print_report(data, "zh", console)
    assert english_fragments(console.export_text()) == []


def _prose(explanation: str) -> str:
    """An explanation without its evidence lines (cited events and records are data)."""
    return "\n".join(line for line in explanation.splitlines() if not line.startswith("        "))


def test_chinese_explanations_have_no_english_fragments() -> None:
    """Every Xiaoxiguan rule's Chinese explanation of the recorded year: header, score, criteria, notes."""
    context = xevaluation.recorded_context()
    subjects = {
        "xiaoxiguan:ten_star_household": sorted(
            {r.household for r in context.records if r.type == "star_claim"}
        ),
        "xiaoxiguan:cadre_review": sorted({a.id for a in context.appointments}),
        "xiaoxiguan:double_evaluation": [xevaluation.structure.COMMUNITY],
        "xiaoxiguan:project_quality": sorted(
            {r.project for r in context.records if r.type == "project_rating"}
        ),
        "xiaoxiguan:grid_responsiveness": [u.code for u in context.community.units_at("grid")],
        "xiaoxiguan:follow_up_satisfaction": [xevaluation.structure.COMMUNITY],
    }
    explained = 0
    for rule in xevaluation.RULES:
        for subject in subjects[rule.key]:
            try:
                score = rule.evaluate(context, subject)
            except LookupError:
                continue  # not a subject this rule rates (e.g. a role it does not review)
            text = _prose(score.explain("zh"))
            assert english_fragments(text) == [], (rule.key, subject, text)
            explained += 1
    assert explained > 20


def test_not_rated_reasons_are_chinese_in_chinese(year_ledger) -> None:  # type: ignore[no-untyped-def]
    """A subject below the minimum sample says why in Chinese, in the explanation and the report."""
    from cogov.evaluation import EvaluationContext  # noqa: PLC0415

    quarter = Period(YEAR.start, YEAR.start.replace(month=2))
    context = EvaluationContext.from_ledger(year_ledger, period=quarter)
    grid_rule = DEFAULT_RULES[1]
    scores = [grid_rule.evaluate(context, u.code) for u in year_ledger.community.units_at("grid")]
    unrated = [s for s in scores if not s.rated]
    assert unrated
    for score in unrated:
        line = score.explain("zh").splitlines()[1]
        assert "不参评" in line
        assert english_fragments(line) == [], line
        assert "样本" in score.reason_in("zh")
