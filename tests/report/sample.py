"""A hand-built report of a simulated Xiaoxiguan-like year, for rendering tests."""

from __future__ import annotations

from datetime import date

from cogov.report import (
    Bar,
    Figure,
    FunnelStage,
    GridCell,
    Interval,
    Label,
    MonthCount,
    ReportData,
    ScoreCard,
    ScorePart,
)


def sample_report(*, simulated: bool = True, grids: int = 14) -> ReportData:
    """A report with every section filled; ``simulated`` adds confidence intervals."""

    def ci(low: float, high: float) -> Interval | None:
        return Interval(low, high) if simulated else None

    headline = (
        Figure(
            "household_meetings",
            Label("户院会召开次数", "household-courtyard meetings held"),
            18.2,
            reported=18,
            interval=ci(17.1, 19.3),
        ),
        Figure(
            "issues_collected",
            Label("户院会收集问题", "issues collected at them"),
            118.6,
            reported=121,
            interval=ci(112.0, 125.2),
        ),
        Figure(
            "answered_resolved",
            Label("现场答复解决", "answered and resolved"),
            107.9,
            reported=110,
            interval=ci(101.5, 114.3),
        ),
        Figure(
            "weekly_meetings",
            Label("例会次数", "weekly joint meetings"),
            27.0,
            reported=27,
            interval=ci(26.0, 28.0),
        ),
        Figure(
            "disputes_resolved",
            Label("化解矛盾纠纷", "disputes resolved"),
            13.4,
            reported=14,
            interval=ci(11.9, 14.9),
        ),
        Figure(
            "follow_up_satisfaction",
            Label("回访满意率", "follow-up satisfaction"),
            0.975,
            unit="%",
            reported=1.0,
            interval=ci(0.951, 0.999),
        ),
        Figure(
            "matters_served",
            Label("为群众答疑解难", "matters answered or solved"),
            512,
            reported=500,
            reported_text="500+",
            interval=ci(490, 534),
        ),
    )
    months = tuple(MonthCount(f"2022-{m:02d}", 8 + (m * 7) % 9, 6 + (m * 5) % 8) for m in range(1, 13))
    cells = tuple(
        GridCell(
            f"420325100001-G{i:02d}",
            Label(f"第{i}网格", f"grid {i}"),
            issues=3 + (i * 5) % 13,
            resolved=2 + (i * 5) % 11,
            households=80 + (i * 37) % 90,
            resources=(
                Bar("party_members", Label("党员", "party members"), 10 + i),
                Bar("volunteers", Label("志愿者", "volunteers"), 20 + (i * 3) % 17),
                Bar("sunk_cadres", Label("下沉干部", "sunk cadres"), 25 + i % 7),
            ),
        )
        for i in range(1, grids + 1)
    )
    return ReportData(
        title=Label("社区共治报告", "Community co-governance report"),
        community=Label("小西关社区", "Xiaoxiguan community"),
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        headline=headline,
        funnel=(
            FunnelStage("collected", Label("收集", "collected"), 121),
            FunnelStage("answered_on_spot", Label("现场答复解决", "answered on the spot"), 96),
            FunnelStage("registered", Label("登记", "registered"), 25),
            FunnelStage("escalated", Label("提交例会", "escalated"), 19),
            FunnelStage("resolved", Label("解决", "resolved"), 17),
            FunnelStage("followed_up", Label("跟踪回访", "followed up"), 15),
        ),
        months=months,
        grids=cells,
        resolution_days=(
            Bar("0", Label("当天", "same day"), 96),
            Bar("1-3", Label("1–3天", "1–3 d"), 4),
            Bar("4-7", Label("4–7天", "4–7 d"), 7),
            Bar("8-14", Label("8–14天", "8–14 d"), 6),
            Bar("15-30", Label("15–30天", "15–30 d"), 3),
            Bar("31+", Label("30天以上", "over 30 d"), 1),
        ),
        satisfaction=(
            Bar("satisfied", Label("满意", "satisfied"), 88),
            Bar("basically_satisfied", Label("基本满意", "basically satisfied"), 9),
            Bar("dissatisfied", Label("不满意", "dissatisfied"), 2),
            Bar("dont_know", Label("不了解", "don't know"), 1),
        ),
        scores=tuple(
            ScoreCard(
                "three_rates",
                Label("接诉即办三率", "response, resolution and satisfaction rates"),
                Label(f"第{i}网格", f"grid {i}"),
                80.0 + i,
                grade=Label("良好", "good"),
                parts=(
                    ScorePart(Label("响应率", "response rate"), 10.0, 10.0, "10 / 10 = 100%"),
                    ScorePart(Label("解决率", "resolution rate"), 40.0 + i / 2, 50.0, "resolved / collected"),
                    ScorePart(
                        Label("满意率", "satisfaction rate"), 30.0 + i / 2, 40.0, "satisfied / answers"
                    ),
                ),
            )
            for i in range(1, 4)
        ),
        replications=200 if simulated else None,
        seed=7 if simulated else None,
        source=Label("荆楚网 / 湖北日报", "Jingchu Net / Hubei Daily"),
    )
