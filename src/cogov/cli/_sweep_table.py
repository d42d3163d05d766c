"""The table ``cogov sweep`` prints: one row per point of the parameter grid, the parameters
first, then the headline figures that compare policies best."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from cogov.cli._common import console
from cogov.report import HEADLINE, escape_controls, number, plain_text, translate

__all__ = ["print_sweep"]


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=1)


def print_sweep(rows: Sequence[Mapping[str, Any]], names: Sequence[str], lang: str) -> None:
    shown = [
        h
        for h in HEADLINE
        if h.key
        in (
            "meeting_issues_collected",
            "resolution_rate",
            "follow_up_satisfaction",
            "median_days_to_resolution_registered",
        )
    ]
    table = Table(title=translate("sweep", lang), title_justify="left", box=box.SIMPLE)
    # A head is never cut with "…": a parameter's name is what the grid file spells, so long
    # names break after their underscores and keep their pieces whole; figure labels wrap
    # at spaces and fold a word only when the terminal is too narrow for it.
    for name in names:
        safe = escape_controls(name)  # a name from the user's grid file: shown as text
        head = safe.replace("_", "_\n") if len(safe) > 12 else safe
        table.add_column(Text(head), overflow="fold", min_width=_longest_word(head))
    for spec in shown:
        table.add_column(spec.label.text(lang), justify="right", overflow="fold")
    for row in rows:
        cells = [Text(str(row[n]), no_wrap=True) for n in names]
        for spec in shown:
            value = row.get(spec.key)
            cells.append(Text(number(value, spec.unit, lang), no_wrap=True))
        table.add_row(*(plain_text(c) if isinstance(c, str) else c for c in cells))
    console().print(table)
