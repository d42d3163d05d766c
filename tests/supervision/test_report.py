"""The report's supervision section: the overdue list and cards, in HTML and the terminal, both languages."""

from __future__ import annotations

import io

from rich.console import Console
from tests.core.conftest import at

from cogov import Ledger
from cogov.events import CardIssued
from cogov.report import from_ledger, print_report, render_html


def _late(registered: Ledger) -> Ledger:
    registered.apply(
        CardIssued(at=at(8, 2), actor="p-sec", issue="I-1", colour="red", step="register_to_plan")
    )
    return registered


def test_the_section_lists_the_overdue_issue_and_its_card(registered: Ledger) -> None:
    """I-1 is red at the report's end: listed with its step, the grid and the holder's role, not their name."""
    data = from_ledger(_late(registered))
    section = data.supervision
    assert section is not None
    (row,) = section.overdue
    assert (row.issue, row.light, row.step.en, row.grid.en, row.holder.en) == (
        "I-1",
        "red",
        "registered to plan",
        "grid 1",
        "grid head",
    )
    (cards,) = section.cards
    assert (cards.grid.en, cards.yellow, cards.red) == ("grid 1", 0, 1)
    assert section.overdue_rate == 1.0


def test_html_and_terminal_show_it_in_both_languages(registered: Ledger) -> None:
    """Bilingual labels: 督办 / Supervision, 红牌超期 / red (overdue); no person's name appears."""
    data = from_ledger(_late(registered))
    zh, en = render_html(data, "zh"), render_html(data, "en")
    assert 'id="supervision"' in zh
    assert "红牌超期" in zh
    assert "registered to plan" in en
    assert "red (overdue)" in en
    assert "李网格长" not in zh
    for lang, word in (("zh", "督办"), ("en", "Supervision")):
        out = io.StringIO()
        print_report(data, lang, Console(file=out, width=160, color_system=None))
        text = out.getvalue()
        assert word in text
        assert "I-1" in text


def test_no_section_for_a_charter_without_supervision(registered: Ledger) -> None:
    """A community that declares no deadlines gets the report it had."""
    import attrs  # noqa: PLC0415
    from tests.core.conftest import build_community, initial_appointments  # noqa: PLC0415

    charter = attrs.evolve(registered.charter, supervision=None)
    plain = Ledger(charter, build_community(), appointments=initial_appointments())
    for event in registered.events:
        plain.apply(event)
    assert from_ledger(plain).supervision is None
    assert 'id="supervision"' not in render_html(from_ledger(plain), "en")
