"""A subject below a rule's minimum sample is "not rated" in every face, never a score of 0."""

from __future__ import annotations

import io
import json
import re

from rich.console import Console

from cogov.report import from_ledger, render_html, report_json, score_cards, scores_table
from cogov.testing import recorded_year


def _data():  # type: ignore[no-untyped-def]
    # 12 issues: 4 per grid, below the three-rates rule's minimum sample of 10; the community has 12
    ledger = recorded_year.year_ledger(12)
    return from_ledger(ledger, scores=score_cards(ledger))


def test_a_subject_below_the_minimum_sample_has_no_value_but_a_reason() -> None:
    """The score card of an unrated grid holds no number, and says why."""
    data = _data()
    grids = [c for c in data.scores if c.key == "three_rates_grid"]
    assert len(grids) == 3
    for card in grids:
        assert card.value is None
        assert not card.rated
        assert card.explanation is not None
        assert "minimum sample" in card.explanation.en
    community = next(c for c in data.scores if c.key == "three_rates_community")
    assert community.rated
    assert community.value is not None


def test_the_terminal_says_not_rated() -> None:
    """The scores table prints 不参评 / not rated where it printed 0 / 100."""
    data = _data()
    for lang, words in (("en", "not rated"), ("zh", "不参评")):
        out = io.StringIO()
        Console(file=out, width=200, color_system=None).print(scores_table(data, lang))
        text = out.getvalue()
        grid_lines = [
            line for line in text.splitlines() if "G1" in line or "网格" in line or "grid" in line.lower()
        ]
        assert text.count(words) >= 3, text
        assert not any(re.search(r"(?<![\d.])0 / 100", line) for line in grid_lines), text


def test_the_json_has_null_and_rated_false() -> None:
    """report.json gives an unrated subject value null and rated false, never 0."""
    document = json.loads(json.dumps(report_json(_data())))
    grids = [c for c in document["scores"] if c["key"] == "three_rates_grid"]
    assert grids
    for card in grids:
        assert card["value"] is None
        assert card["rated"] is False


def test_the_html_says_not_rated() -> None:
    """The HTML score table shows "not rated" for the unrated grids, and no 0 / 100."""
    html = render_html(_data(), "en")
    section = html[html.index('data-score="three_rates_grid"') :]
    section = section[: section.index("</table>")]
    assert section.count("not rated") == 3
    assert "<b>0</b>" not in section
