"""The how-to's own rule runs as written and scores from events."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from cogov import CHINA_TZ
from cogov.evaluation import EvaluationContext
from cogov.events import MeetingHeld

HOWTO = Path(__file__).parents[2] / "docs" / "how-to" / "write-a-rule.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_every_python_block_parses():
    """Each code block of the how-to is valid Python."""
    for block in _blocks():
        compile(block, str(HOWTO), "exec")


def test_custom_rule_of_the_how_to_scores_meetings(new_ledger):
    """The ``MeetingsHeld`` rule of section 4 counts a grid's household meetings and cites them."""
    namespace: dict[str, object] = {}
    exec(_blocks()[-1], namespace)
    rule = namespace["MeetingsHeld"]()
    ledger = new_ledger()
    for month in (1, 2, 3):
        ledger.apply(
            MeetingHeld(
                at=datetime(2022, month, 5, 19, tzinfo=CHINA_TZ),
                actor="p-sec",
                meeting=f"M-{month}",
                kind="household_meeting",
                unit="420325100001-G01",
            )
        )
    score = rule.evaluate(EvaluationContext.from_ledger(ledger), "420325100001-G01")
    assert score.value == 3
    assert score.seqs() == {0, 1, 2}
    assert rule.problems() == []
