"""Chart helpers: text widths for CJK, ticks, and charts that scale with their data."""

from __future__ import annotations

import re

from cogov.report import Bar, Label
from cogov.report._svg import _ticks, _ticks_between, bars_chart, text_width


def test_chinese_text_is_twice_as_wide_as_latin() -> None:
    """A CJK character counts one em, a Latin letter about half, so labels get room."""
    assert text_width("网格", 10) == 20
    assert text_width("ab", 10) < 12


def test_ticks_are_round_and_cover_the_peak() -> None:
    """Axis ticks start at zero, step by round numbers and stay within the peak."""
    for peak in (1, 7, 13, 99, 121, 4000):
        ticks = _ticks(peak)
        assert ticks[0] == 0
        assert ticks[-1] <= peak
        assert 2 <= len(ticks) <= 6
        step = ticks[1] - ticks[0]
        assert step / 10 ** len(str(int(step))) * 10 ** len(str(int(step))) == step


def test_bar_lengths_are_proportional() -> None:
    """A bar twice the value of another is twice as long."""
    svg = bars_chart("t", "t", [Bar("a", Label("甲", "a"), 10), Bar("b", Label("乙", "b"), 20)], "zh")
    widths = [float(w) for w in re.findall(r'class="mark"[^>]*width="([\d.]+)"', svg)]
    assert len(widths) == 2
    assert abs(widths[1] - 2 * widths[0]) < 0.2


def test_share_ticks_stay_few_for_any_range() -> None:
    """However far a simulated figure lies from the source's, the share axis has a handful of ticks."""
    for low, high in ((0.8, 1.2), (0.0, 3.0), (0.5, 2e6), (0.999, 1.001)):
        ticks = _ticks_between(low, high)
        assert 1 <= len(ticks) <= 9
        assert low - 1e-9 <= ticks[0]
        assert ticks[-1] <= high + 1e-9
