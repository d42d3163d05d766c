"""Small scenarios, and a Hypothesis strategy of scenarios, for the simulation tests."""

from __future__ import annotations

from hypothesis import strategies as st

from cogov.simulation import CommunitySource, Duration, KindModel, MeetingModel, Scenario

SMALL = Scenario(
    key="small",
    label="small synthetic community",
    community=CommunitySource(grids=2, households_per_grid=15, cadres=1, mediators=1),
    kinds=(
        KindModel("policy_question", 0.8, meeting_share=0.5, on_spot_share=0.7, handling=Duration(3.0)),
        KindModel(
            "reasonable_demand",
            0.8,
            seasonal_amplitude=0.5,
            meeting_share=0.5,
            on_spot_share=0.3,
            handling=Duration(8.0, "gamma", 0.5),
            rebound_probability=0.2,
            rebound=Duration(10.0),
        ),
        KindModel("dispute", 0.3, meeting_share=0.3, on_spot_share=0.0, mediate=True, mediation_success=0.7),
    ),
    meetings=(
        MeetingModel("household_meeting", 30.0, attendance=0.8),
        MeetingModel("weekly_joint_meeting", 7.0, held_probability=0.8),
    ),
    days=120.0,
    warmup_days=30.0,
    handler_capacity=2,
    mediator_capacity=1,
)

_durations = st.builds(
    Duration,
    mean=st.floats(0.0, 20.0),
    shape=st.sampled_from(("exponential", "fixed", "gamma", "uniform")),
    cv=st.floats(0.0, 1.0),
)


@st.composite
def scenarios(draw: st.DrawFn, *, drain: bool = False) -> Scenario:
    """Small synthetic scenarios with every stochastic model drawn."""
    kinds = []
    for kind in draw(
        st.lists(
            st.sampled_from(("policy_question", "reasonable_demand", "dispute")),
            min_size=1,
            max_size=3,
            unique=True,
        )
    ):
        mediable = kind == "dispute"
        kinds.append(
            KindModel(
                kind,
                rate_per_household=draw(st.floats(2.0, 25.0)),
                seasonal_amplitude=draw(st.floats(0.0, 1.0)),
                seasonal_peak_day=draw(st.floats(0.0, 364.0)),
                meeting_share=draw(st.floats(0.0, 1.0)),
                on_spot_share=draw(st.floats(0.0, 1.0)),
                route=draw(
                    st.sampled_from(
                        ("weekly_meeting", "direct", "mediation")
                        if mediable
                        else ("weekly_meeting", "direct")
                    )
                ),
                verification=draw(_durations),
                handling=draw(_durations),
                mediate=mediable and draw(st.booleans()),
                mediation=draw(_durations),
                mediation_success=draw(st.floats(0.0, 1.0)),
                follow_up_share=draw(st.floats(0.0, 1.0)),
                follow_up=draw(_durations),
                rebound_probability=draw(st.floats(0.0, 0.5)),
                rebound=draw(_durations),
            )
        )
    return Scenario(
        key="generated",
        label="generated scenario",
        community=CommunitySource(
            grids=draw(st.integers(1, 3)),
            households_per_grid=draw(st.integers(1, 6)),
            cadres=draw(st.integers(0, 2)),
            mediators=draw(st.integers(1, 2)),
        ),
        kinds=tuple(kinds),
        meetings=(
            MeetingModel(
                "household_meeting",
                draw(st.floats(3.0, 40.0)),
                scope=draw(st.sampled_from(("each", "rotate"))),
                first_day=draw(st.floats(0.0, 10.0)),
                held_probability=draw(st.floats(0.3, 1.0)),
                attendance=draw(st.floats(0.3, 1.0)),
            ),
            MeetingModel(
                "weekly_joint_meeting", draw(st.floats(3.0, 14.0)), held_probability=draw(st.floats(0.3, 1.0))
            ),
        ),
        days=draw(st.floats(20.0, 90.0)),
        warmup_days=draw(st.floats(0.0, 20.0)),
        handler_capacity=draw(st.integers(1, 3)),
        mediator_capacity=draw(st.integers(1, 2)),
        drain=drain,
    )
