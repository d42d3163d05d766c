"""The Beijing street plugin: a different community built through the same hooks, no core change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cogov.errors import IllegalTransitionError, NotAuthorisedError
from cogov.events import (
    CompletionConfirmed,
    FollowUpVisited,
    IssueActionTaken,
    IssueClosed,
    IssueCollected,
    IssueResolved,
    WhistleBlown,
)
from cogov.plugins import CommunitySetup, load_setup, make_plugin_manager, register_commands

cogov_beijing = pytest.importorskip("cogov_beijing")
from cogov_beijing import plugin, structure  # noqa: E402
from cogov_beijing.observers import response_hours  # noqa: E402

GRID = structure.grid_code(1, 1)
HOUSEHOLD = f"{GRID}001"
T0 = structure.START + timedelta(days=9, hours=9)


@pytest.fixture(scope="module")
def example() -> CommunitySetup:
    pm = make_plugin_manager(autoload=False, plugins=[("beijing", plugin)])
    return load_setup("beijing", pm)


def step(action: str, actor: str, hours: float, issue: str = "c1") -> IssueActionTaken:
    return IssueActionTaken(at=T0 + timedelta(hours=hours), actor=actor, issue=issue, action=action)


def call(issue: str = "c1") -> IssueCollected:
    return IssueCollected(
        at=T0,
        actor="bj-dispatcher",
        issue=issue,
        kind="beijing:complaint",
        unit=HOUSEHOLD,
        channel="hotline_12345",
        summary="夜间施工扰民 night-time construction noise",
    )


def test_the_charter_differs_from_xiaoxiguan_in_every_part(example: CommunitySetup) -> None:
    """Levels, roles, workflow, scale, calendar and channels are the plugin's own."""
    charter = example.charter
    assert charter.level_keys() == ("district", "street", "community", "grid", "household")
    assert "grid_head" not in charter.role_set
    assert "first_receiver" in charter.role_set
    assert {"dispatched", "accepted", "departments_reported"} <= {s.key for s in charter.workflow.states}
    assert charter.satisfaction("basically_satisfied").weight == 0.9
    assert charter.calendar.key == "beijing:workdays"
    assert charter.channels[0].key == "hotline_12345"
    assert len(GRID) == 15


def test_a_hotline_call_is_whistled_reported_and_rated(example: CommunitySetup) -> None:
    """12345 call → dispatch → accept → respond → whistle → departments report → resolve → rating."""
    ledger = example.ledger()
    ledger.apply_all(
        [
            call(),
            step("dispatch", "bj-dispatcher", 0.5),
            step("accept", "bj-receiver-1", 1),
            step("respond", "bj-receiver-1", 3),
            WhistleBlown(
                at=T0 + timedelta(hours=4), actor="bj-receiver-1", issue="c1", summoned="城管执法队"
            ),
            step("report_in", "bj-dept-cg", 20),
            IssueResolved(at=T0 + timedelta(days=2), actor="bj-dept-cg", issue="c1", outcome="停工整改"),
            CompletionConfirmed(at=T0 + timedelta(days=2, hours=2), actor="bj-receiver-1", issue="c1"),
            FollowUpVisited(
                at=T0 + timedelta(days=3), actor="bj-reviewer", issue="c1", satisfaction="basically_satisfied"
            ),
            IssueClosed(at=T0 + timedelta(days=3, hours=1), actor="bj-reviewer", issue="c1"),
        ]
    )
    assert ledger.issue("c1").state == "closed"
    assert [s.role for s in ledger.history("c1")][:4] == [
        "hotline_dispatcher",
        "hotline_dispatcher",
        "first_receiver",
        "first_receiver",
    ]
    assert response_hours(ledger) == {"c1": 2.5}


def test_first_receiver_responsibility_is_enforced(example: CommunitySetup) -> None:
    """Only the receiver who accepted a case may respond to it (首接负责)."""
    ledger = example.ledger()
    ledger.apply_all([call(), step("dispatch", "bj-dispatcher", 0.5), step("accept", "bj-receiver-1", 1)])
    with pytest.raises(IllegalTransitionError, match=r"首接负责.*'bj-receiver-1' accepted this case"):
        ledger.apply(step("respond", "bj-receiver-2", 2))
    ledger.apply(step("respond", "bj-receiver-1", 2))


def test_a_case_outside_the_street_is_sent_back_and_redispatched(example: CommunitySetup) -> None:
    """Send-back (退单) returns the case to the centre, which re-dispatches it."""
    ledger = example.ledger()
    ledger.apply_all(
        [
            call(),
            step("dispatch", "bj-dispatcher", 0.5),
            step("send_back", "bj-receiver-2", 1),
            step("redispatch", "bj-dispatcher", 2),
        ]
    )
    assert ledger.issue("c1").path == ["collected", "dispatched", "sent_back", "dispatched"]


def test_grid_workers_cannot_dispatch(example: CommunitySetup) -> None:
    """Dispatch belongs to the district 12345 centre."""
    ledger = example.ledger()
    ledger.apply(call())
    with pytest.raises(NotAuthorisedError, match="12345 dispatcher"):
        ledger.apply(step("dispatch", "bj-gw-1-1", 1))


def test_the_observer_leaves_other_charters_alone() -> None:
    """The response clock subscribes only to Beijing ledgers."""
    pytest.importorskip("cogov_xiaoxiguan")
    from cogov_xiaoxiguan import plugin as xxg  # noqa: PLC0415

    pm = make_plugin_manager(autoload=False, plugins=[("beijing", plugin), ("xiaoxiguan", xxg)])
    ledger = load_setup("xiaoxiguan", pm).ledger()
    assert response_hours(ledger) == {}


def test_the_plugin_adds_a_command(cogov_plugins: Any) -> None:
    """cogov_register_commands lets the plugin add a click command."""
    click = pytest.importorskip("click")
    from click.testing import CliRunner  # noqa: PLC0415

    cogov_plugins.register(plugin, "beijing")
    cli = click.Group("cogov")
    register_commands(cli)
    result = CliRunner().invoke(cli, ["beijing-street", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "first receiver" in result.output
    chinese = CliRunner().invoke(cli, ["beijing-street"])
    assert chinese.exit_code == 0, chinese.output
    assert "first receiver" not in chinese.output
    assert "个网格" in chinese.output


def test_the_calendar_is_the_cores_for_the_years_the_plugin_names() -> None:
    """The plugin names its years; the dates come from the core's holiday table."""
    from cogov_beijing.charter import CALENDAR  # noqa: PLC0415

    from cogov import china_working_calendar  # noqa: PLC0415

    core = china_working_calendar(CALENDAR.key, [2023, 2024])
    assert (CALENDAR.holidays, CALENDAR.extra_workdays) == (core.holidays, core.extra_workdays)
