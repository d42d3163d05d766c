"""The source's remaining figures for 2022, computed from the recorded year through cogov's API.

The first figures of the source (18 household meetings, 121 issues, 110 resolved, 27 weekly
meetings, 14 disputes) are :data:`cogov_xiaoxiguan.recorded.SOURCE_FIGURES`; these are the
rest.  Where the source gives a floor ("500余件", "400余次", "2000余人次") the recorded value
must reach it; :data:`cogov_xiaoxiguan.recorded_services.CHOSEN` says which value was chosen.

- ``matters_answered_or_solved`` — issues answered or resolved (the statistics' *resolved*)
  plus one-stop requests delivered (:func:`cogov.evaluation.one_stop`): "及时解决解答居民提出的
  大小事项500余件";
- ``party_service_tasks`` — double-report items completed (:func:`cogov.evaluation.double_report`):
  "参与疫情防控、创文创卫、基层治理等各项工作400余次";
- ``political_education_person_times`` — attendance summed over political-education sessions:
  "受教育的党员干部达2000余人次以上";
- ``petition_hearings`` — petition hearings held: "举办信访听证会2起";
- ``public_order_satisfaction`` / ``sense_of_security`` — the year's survey, read by
  :data:`cogov_xiaoxiguan.service_rules.PUBLIC_ORDER_SATISFACTION`: "居民安全感和社会治安满意度均达到98%".
"""

from __future__ import annotations

from cogov.evaluation import EvaluationContext, double_report, one_stop
from cogov.events import MeetingHeld
from cogov_xiaoxiguan.recorded_services import PUBLIC_ORDER, SENSE_OF_SECURITY
from cogov_xiaoxiguan.service_rules import PUBLIC_ORDER_SATISFACTION
from cogov_xiaoxiguan.vocabulary import PETITION_HEARING, POLITICAL_EDUCATION

__all__ = ["SOURCE_FLOORS", "SOURCE_TEXTS", "year_figures"]

#: the lowest value each figure may take to agree with the source (an exact figure's own value)
SOURCE_FLOORS = {
    "matters_answered_or_solved": 500,
    "party_service_tasks": 400,
    "political_education_person_times": 2000,
    "petition_hearings": 2,
    "public_order_satisfaction": 0.98,
    "sense_of_security": 0.98,
}
#: how the source writes each figure
SOURCE_TEXTS = {
    "matters_answered_or_solved": "500余件",
    "party_service_tasks": "400余次",
    "political_education_person_times": "2000余人次",
    "petition_hearings": "2起",
    "public_order_satisfaction": "98%",
    "sense_of_security": "98%",
}


def year_figures(context: EvaluationContext) -> dict[str, float]:
    """Each of the remaining source figures, computed over ``context``'s period."""
    stats = context.statistics("community")
    services = one_stop(context.events, context.community, period=context.period)
    report = double_report(context.events, context.charter, period=context.period)
    educated = sum(
        len(e.attendees)
        for e in context.events
        if isinstance(e, MeetingHeld) and e.kind == POLITICAL_EDUCATION and context.in_period(e.at)
    )
    order = PUBLIC_ORDER_SATISFACTION.evaluate(context, PUBLIC_ORDER)
    security = PUBLIC_ORDER_SATISFACTION.evaluate(context, SENSE_OF_SECURITY)
    return {
        "matters_answered_or_solved": stats.resolved + services.delivered,
        "party_service_tasks": report.completed,
        "political_education_person_times": educated,
        "petition_hearings": stats.meetings_by_kind.get(PETITION_HEARING, 0),
        "public_order_satisfaction": order.value / order.maximum,
        "sense_of_security": security.value / security.maximum,
    }
