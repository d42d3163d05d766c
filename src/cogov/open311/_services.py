"""GeoReport services from a charter's issue kinds, and their service definitions.

Each issue kind (policy question, dispute, hidden risk, …) is one service: its key is the
``service_code``, its label in the chosen language the ``service_name``.  A kind that takes
extra fields lists them as :class:`ServiceAttribute` values (``metadata`` is then true and
the service definition carries them); the canonical kinds take none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from cogov.model.charter import Charter
from cogov.model.vocabulary import IssueKind
from cogov.open311._formats import Open311Error

__all__ = ["DATATYPES", "ServiceAttribute", "service_definition", "service_name", "services"]

Lang = Literal["zh", "en"]
DATATYPES: Final = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


@attrs.frozen
class ServiceAttribute:
    """One extra field of a service (a GeoReport attribute)."""

    code: str
    datatype: str = attrs.field(validator=attrs.validators.in_(DATATYPES))
    description: str
    required: bool = False
    variable: bool = True
    datatype_description: str = ""
    order: int = 1
    #: (key, name) pairs of a single- or multi-value list
    values: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description or None,
            "order": self.order,
            "description": self.description,
            "values": [{"key": key, "name": name} for key, name in self.values],
        }


def service_name(kind: IssueKind, lang: Lang) -> str:
    return kind.text(lang)


def _description(kind: IssueKind, lang: Lang) -> str:
    days = kind.resolve_within_days
    if lang == "zh":
        return f"{kind.zh}（{kind.en}）" + (f"，{days}个工作日内办结" if days else "")
    return kind.label + (f"; resolved within {days} working days" if days else "")


def services(
    charter: Charter,
    lang: Lang = "zh",
    attributes: Mapping[str, Sequence[ServiceAttribute]] | None = None,
) -> list[dict[str, Any]]:
    """Every issue kind of ``charter`` as a GeoReport service, in the charter's order."""
    attributes = attributes or {}
    group = charter.text(lang)
    return [
        {
            "service_code": kind.key,
            "service_name": service_name(kind, lang),
            "description": _description(kind, lang),
            "metadata": bool(attributes.get(kind.key)),
            "type": "realtime",
            "keywords": ", ".join(dict.fromkeys((kind.key, kind.zh, kind.en))),
            "group": group,
        }
        for kind in charter.issue_kinds
    ]


def known_kind(charter: Charter, code: str) -> IssueKind:
    """The issue kind ``code`` names, or a 404 :class:`Open311Error` listing the codes."""
    for kind in charter.issue_kinds:
        if kind.key == code:
            return kind
    codes = ", ".join(k.key for k in charter.issue_kinds)
    msg = f"service_code {code!r} is not a service here; services are: {codes}"
    raise Open311Error(404, msg)


def service_definition(
    charter: Charter,
    code: str,
    attributes: Mapping[str, Sequence[ServiceAttribute]] | None = None,
) -> dict[str, Any]:
    """The definition of service ``code``: its attributes in order (none for the canonical kinds)."""
    kind = known_kind(charter, code)
    listed = sorted((attributes or {}).get(kind.key, ()), key=lambda a: a.order)
    return {"service_code": kind.key, "attributes": [a.as_dict() for a in listed]}
