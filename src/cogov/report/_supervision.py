"""The report's supervision section (督办): the overdue list, the cards by grid, missed meetings,
and the issues routed to each property company (红色物业) with its own overdue steps.

Built from the ledger at the end of the report's period (:func:`supervision_section`), it
names no person: an overdue item shows the role its holder acts in (``grid head (网格长)``),
never a name or an identifier.  Renderers: :func:`supervision_table` (terminal, plain) and
:func:`supervision_html`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

import attrs
from rich import box
from rich.table import Table

from cogov.engine.ledger import Ledger
from cogov.engine.overdue import supervision_at
from cogov.evaluation.period import Period
from cogov.evaluation.red_property import property_issues
from cogov.evaluation.supervision import supervision_figures
from cogov.model.deadlines import Light
from cogov.report._model import Label
from cogov.report._plain import plain_text

__all__ = [
    "CardRow",
    "CompanyRow",
    "OverdueRow",
    "SupervisionSection",
    "supervision_html",
    "supervision_section",
    "supervision_table",
]

_LIGHTS = {
    "yellow": Label("黄牌预警", "yellow"),
    "red": Label("红牌超期", "red (overdue)"),
}

_WORDS = {
    "supervision": Label("督办", "Supervision"),
    "overdue_list": Label("超期及预警事项", "Overdue and warned items"),
    "issue": Label("事项", "Issue"),
    "step": Label("环节", "Step"),
    "status": Label("状态", "Status"),
    "due": Label("时限", "Due"),
    "holder": Label("承办", "Held by"),
    "cards": Label("红黄牌", "Cards"),
    "yellow": Label("黄牌", "yellow"),
    "red": Label("红牌", "red"),
    "overdue_rate": Label("超期率", "Overdue rate"),
    "missed": Label("未按期召开的会议", "Meetings not held on cadence"),
    "none": Label("无", "none"),
    "property": Label("红色物业·转物业公司办理", "Red property: issues routed to the property company"),
    "routed": Label("转办", "routed"),
    "resolved_by": Label("物业办结", "resolved"),
    "median_days": Label("中位天数", "median days"),
    "overdue_count": Label("超期", "overdue"),
    "red_now": Label("当前红牌", "red now"),
    "satisfaction": Label("回访满意率", "follow-up satisfaction"),
}


@attrs.frozen
class OverdueRow:
    issue: str
    kind: Label
    step: Label
    light: str
    due: date
    grid: Label
    holder: Label


@attrs.frozen
class CardRow:
    grid: Label
    yellow: int
    red: int


@attrs.frozen
class CompanyRow:
    """The issues routed to one property company in the period (see :func:`cogov.evaluation.property_issues`)."""

    company: Label
    routed: int
    resolved: int
    median_days: float | None
    overdue: int
    red_now: int
    satisfaction: float | None


@attrs.frozen
class SupervisionSection:
    """What the supervision section shows, at ``at`` (the end of the period)."""

    at: date
    overdue: tuple[OverdueRow, ...] = ()
    cards: tuple[CardRow, ...] = ()
    missed_meetings: tuple[tuple[Label, Label], ...] = ()
    overdue_rate: float | None = None
    companies: tuple[CompanyRow, ...] = ()


def _unit_label(ledger: Ledger, code: str | None) -> Label:
    if code is None:
        return Label("—", "—")
    unit = ledger.community.unit(code)
    return Label(unit.name_zh, unit.name_en)


def _role_of(ledger: Ledger, person: str | None, unit: str, at: datetime) -> Label:
    """The role ``person`` holds over ``unit`` at ``at`` (never their name or identifier)."""
    if person is None:
        return Label("—", "—")
    lineage = ledger.community.lineage(unit)
    role_set = ledger.charter.role_set
    for appointment in ledger.authority.of_person(person):
        if appointment.active_at(at) and appointment.unit in lineage:
            spec = role_set[appointment.role]
            return Label(spec.zh, spec.en)
    return Label("其他人员", "someone else")


def supervision_section(ledger: Ledger, period: Period | None = None) -> SupervisionSection | None:
    """The section for ``ledger`` at the end of ``period`` (or its clock); ``None`` without supervision."""
    charter = ledger.charter
    rules = charter.supervision
    if rules is None or ledger.clock is None:
        return None
    when = min(period.end, ledger.clock) if period is not None else ledger.clock
    view = supervision_at(ledger, when)
    steps = {d.key: Label(d.zh, d.en) for d in rules.deadlines}
    kinds = {k.key: Label(k.zh, k.en) for k in charter.issue_kinds}
    rows = tuple(
        OverdueRow(
            item.issue,
            kinds.get(item.kind, Label(item.kind, item.kind)),
            steps.get(item.step, Label(item.step, item.step)),
            item.light.value,
            item.due.date(),
            _unit_label(ledger, item.grid),
            _held_by(ledger, item.organisation, _role_of(ledger, item.person, item.unit, when)),
        )
        for item in sorted(view.items, key=lambda i: (i.light is not Light.RED, i.due))
        if item.light is not Light.GREEN
    )
    figures = supervision_figures(
        list(ledger.corrected_events),
        charter,
        ledger.community,
        start=period.start if period else None,
        end=when + timedelta(microseconds=1),  # the events at ``when`` itself count
    )
    groups = sorted({g for _, g in figures.cards_by_group})
    cards = tuple(
        CardRow(
            _unit_label(ledger, g if g in {u.code for u in ledger.community.units} else None),
            figures.cards("yellow", group=g),
            figures.cards("red", group=g),
        )
        for g in groups
    )
    meeting_kinds = {k.key: Label(k.zh, k.en) for k in charter.meeting_kinds}
    missed = tuple(
        (meeting_kinds[m.kind], _unit_label(ledger, m.unit)) for m in view.meetings if m.light is Light.RED
    )
    red_by_company = view.by_organisation()
    companies = tuple(
        CompanyRow(
            _organisation_label(ledger, f.company),
            f.routed,
            f.resolved,
            f.median_days,
            f.overdue,
            red_by_company[f.company],
            f.satisfaction,
        )
        for f in property_issues(ledger, period=period)
    )
    return SupervisionSection(when.date(), rows, cards, missed, figures.overdue_rate(), companies)


def _organisation_label(ledger: Ledger, association: str) -> Label:
    found = ledger.community.association(association)
    return Label(found.name_zh, found.name_en)


def _held_by(ledger: Ledger, organisation: str | None, role: Label) -> Label:
    """The role, after the organisation that holds the step (a property company's own steps)."""
    if organisation is None:
        return role
    company = _organisation_label(ledger, organisation)
    return Label(f"{company.zh} {role.zh}", f"{company.en}: {role.en}")


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _company_cells(row: CompanyRow) -> tuple[str, ...]:
    return (
        str(row.routed),
        str(row.resolved),
        _days(row.median_days),
        str(row.overdue),
        str(row.red_now),
        _rate(row.satisfaction),
    )


_COMPANY_HEADS = ("routed", "resolved_by", "median_days", "overdue_count", "red_now", "satisfaction")


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def supervision_table(section: SupervisionSection, lang: str = "zh") -> Table:
    """The overdue list as a terminal table, with the cards and missed meetings in its caption."""
    w = {k: v.text(lang) for k, v in _WORDS.items()}
    table = Table(
        title=f"{w['supervision']} · {w['overdue_list']} ({section.at.isoformat()})",
        box=box.SIMPLE,
        title_justify="left",
    )
    # labels wrap at spaces and fold a long word; nothing is ever cut short with an ellipsis
    for head in (w["issue"], w["step"], w["status"], w["due"], w["holder"]):
        table.add_column(head, overflow="fold")
    for row in section.overdue:
        table.add_row(
            plain_text(f"{row.issue} {row.kind.text(lang)}"),
            plain_text(row.step.text(lang)),
            plain_text(_LIGHTS[row.light].text(lang)),
            plain_text(row.due.isoformat()),
            plain_text(f"{row.grid.text(lang)} {row.holder.text(lang)}"),
        )
    cards = (
        "; ".join(f"{c.grid.text(lang)} {w['yellow']} {c.yellow} {w['red']} {c.red}" for c in section.cards)
        or w["none"]
    )
    missed = "; ".join(f"{k.text(lang)} {u.text(lang)}" for k, u in section.missed_meetings) or w["none"]
    table.caption = (
        f"{w['overdue_rate']}: {_rate(section.overdue_rate)}\n{w['cards']}: {cards}\n{w['missed']}: {missed}"
    )
    for company in section.companies:
        figures = " · ".join(
            f"{w[h]} {v}" for h, v in zip(_COMPANY_HEADS, _company_cells(company), strict=True)
        )
        table.caption += f"\n{w['property']}: {company.company.text(lang)} {figures}"
    table.caption_justify = "left"
    return table


def supervision_html(section: SupervisionSection, lang: str = "zh") -> str:
    """The section's body in HTML: the overdue list, then cards by grid and missed meetings."""
    w = {k: v.text(lang) for k, v in _WORDS.items()}
    head = "".join(
        f"<th>{escape(h)}</th>" for h in (w["issue"], w["step"], w["status"], w["due"], "", w["holder"])
    )
    rows = (
        "".join(
            f'<tr class="{escape(r.light)}"><td>{escape(r.issue)} {escape(r.kind.text(lang))}</td>'
            f"<td>{escape(r.step.text(lang))}</td><td>{escape(_LIGHTS[r.light].text(lang))}</td>"
            f"<td>{r.due.isoformat()}</td><td>{escape(r.grid.text(lang))}</td><td>{escape(r.holder.text(lang))}</td></tr>"
            for r in section.overdue
        )
        or f'<tr><td colspan="6">{escape(w["none"])}</td></tr>'
    )
    cards = (
        "".join(
            f"<tr><td>{escape(c.grid.text(lang))}</td><td>{c.yellow}</td><td>{c.red}</td></tr>"
            for c in section.cards
        )
        or f'<tr><td colspan="3">{escape(w["none"])}</td></tr>'
    )
    missed = (
        "".join(
            f"<li>{escape(k.text(lang))} · {escape(u.text(lang))}</li>" for k, u in section.missed_meetings
        )
        or f"<li>{escape(w['none'])}</li>"
    )
    return (
        f"<p>{escape(w['overdue_rate'])}: {escape(_rate(section.overdue_rate))}</p>"
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
        f"<h3>{escape(w['cards'])}</h3>"
        f'<div class="scroll"><table><thead><tr><th></th><th>{escape(w["yellow"])}</th>'
        f"<th>{escape(w['red'])}</th></tr></thead><tbody>{cards}</tbody></table></div>"
        f"<h3>{escape(w['missed'])}</h3><ul>{missed}</ul>"
        f"{_companies_html(section, w, lang)}"
    )


def _companies_html(section: SupervisionSection, w: dict[str, str], lang: str) -> str:
    if not section.companies:
        return ""
    head = "".join(f"<th>{escape(w[h])}</th>" for h in _COMPANY_HEADS)
    rows = "".join(
        f"<tr><td>{escape(r.company.text(lang))}</td>"
        + "".join(f"<td>{escape(c)}</td>" for c in _company_cells(r))
        + "</tr>"
        for r in section.companies
    )
    return (
        f"<h3>{escape(w['property'])}</h3>"
        f'<div class="scroll"><table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )


def section_title(lang: str) -> str:
    return _WORDS["supervision"].text(lang)
