"""Names in terminal tables are printed as text: no markup is interpreted, no escape sequence
reaches the terminal."""

from __future__ import annotations

import io

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from cogov.report import Label, ReportData, escape_controls, plain_text, print_report

from .sample import sample_report

HOSTILE_NAMES = [
    "[/]",
    "[bold red]网格[/bold red]",
    "[link=https://example.invalid]点这里[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "title\x1b]0;pwned\x07",
    "right\u202eto-left",
    "line\nbreak\ttab\rreturn",
    "[",
    "\\[escaped]",
]


def with_names(data: ReportData, name: str) -> ReportData:
    """The sample report with ``name`` as every grid, score subject and funnel stage name."""
    label = Label(name, name)
    return attrs.evolve(
        data,
        grids=tuple(attrs.evolve(g, label=label) for g in data.grids),
        scores=tuple(attrs.evolve(s, subject=label, label=label) for s in data.scores),
        funnel=tuple(attrs.evolve(f, label=label) for f in data.funnel),
        headline=tuple(attrs.evolve(f, label=label) for f in data.headline),
    )


def render(data: ReportData, lang: str, *, terminal: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=200, force_terminal=terminal, color_system="truecolor" if terminal else None
    )
    print_report(data, lang, console)
    return buffer.getvalue()


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_names_print_as_the_text_they_hold(name: str, lang: str) -> None:
    """A name with markup or control characters prints, as written (controls made visible),
    and sends no escape sequence of its own to the terminal."""
    plain_out = render(with_names(sample_report(), name), lang, terminal=False)
    assert escape_controls(name) in plain_out
    assert "\x1b" not in plain_out
    assert "\x07" not in plain_out
    assert "\u202e" not in plain_out
    styled = render(with_names(sample_report(), name), lang, terminal=True)
    # rich's own styling is SGR only; the name adds no OSC (hyperlink, title) and no red
    assert "\x1b]" not in styled
    assert "\x1b[31m" not in styled


def test_markup_is_not_interpreted() -> None:
    """[bold] stays two words in brackets, not a style."""
    assert plain_text("[bold]x[/bold]").plain == "[bold]x[/bold]"
    assert plain_text("[bold]x[/bold]").spans == []


@given(st.text())
def test_any_text_prints(name: str) -> None:
    """Any name whatsoever can be printed, and no control character survives."""
    out = render(with_names(sample_report(grids=2), name), "en", terminal=False)
    assert not any(c in out for c in "\x1b\x07\x00\u202e")
