"""Who may do what, where and when: appointments checked against duties and unit containment.

:meth:`Authority.may` answers "may person P take a step needing duty D on an issue at unit U
at time T?" with a :class:`Decision` that says why not.  A holder acts within the unit of
their appointment: a grid head (网格长) within their grid, a community-level role across the
community.  The index is keyed by (person, duty), so the check on the hot path is one dict
lookup and a set-membership test per matching appointment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import attrs

from cogov.errors import DuplicateError, EligibilityError, NotAuthorisedError, UnknownKeyError
from cogov.model.roles import Appointment, RoleSet
from cogov.model.structure import Community

__all__ = ["Authority", "Decision"]


@attrs.frozen
class Decision:
    """The answer to "may P do it?": ``allowed``, the ``appointment`` that allows it, or ``reason``."""

    allowed: bool
    reason: str
    appointment: Appointment | None = None

    def __bool__(self) -> bool:
        return self.allowed


class Authority:
    """The appointments of one community and the authorisation check built on them."""

    def __init__(self, community: Community, role_set: RoleSet) -> None:
        self.community = community
        self.role_set = role_set
        self._appointments: dict[str, Appointment] = {}
        self._grants: dict[tuple[str, str], list[Appointment]] = {}
        self._by_person: dict[str, list[str]] = {}
        #: (role, unit) pairs ever appointed (why: most appointments are the first of their
        #: role at their unit, and need no scan for holders that overlap)
        self._held_at: set[tuple[str, str]] = set()

    # -- appointments ---------------------------------------------------------------------
    def check_appointment(self, appointment: Appointment) -> None:
        """Raise unless ``appointment`` may be made (it changes nothing)."""
        if appointment.id in self._appointments:
            msg = f"appointment id {appointment.id!r} is already used; give each appointment an id of its own"
            raise DuplicateError(msg)
        spec = self.role_set[appointment.role]
        person = self.community.person(appointment.person)
        unit = self.community.unit(appointment.unit)
        if unit.level != spec.level:
            msg = (
                f"appointment {appointment.id!r}: {spec.label} is held at {spec.level!r} level, "
                f"but unit {unit.code!r} is a {unit.level!r}; appoint at a {spec.level!r} unit"
            )
            raise EligibilityError(msg)
        missing = spec.requires - person.attributes
        if missing:
            msg = (
                f"appointment {appointment.id!r}: {person.name} ({person.id}) cannot be "
                f"{spec.label}: requires {sorted(missing)}"
            )
            raise EligibilityError(msg)
        if spec.max_holders is not None:
            overlapping = (
                [
                    a
                    for a in self._appointments.values()
                    if a.role == spec.key and a.unit == unit.code and _overlap(a, appointment)
                ]
                if (spec.key, unit.code) in self._held_at
                else []
            )
            if len(overlapping) >= spec.max_holders:
                holders = ", ".join(f"{a.person} ({a.id})" for a in overlapping)
                msg = (
                    f"appointment {appointment.id!r}: {spec.label} at {unit.code!r} allows "
                    f"{spec.max_holders} holder(s) at a time and already has {holders}; "
                    "end an appointment first"
                )
                raise EligibilityError(msg)

    def appoint(self, appointment: Appointment) -> Appointment:
        self.check_appointment(appointment)
        self._add(appointment)
        return appointment

    def _add(self, appointment: Appointment) -> None:
        self._appointments[appointment.id] = appointment
        self._held_at.add((appointment.role, appointment.unit))
        self._by_person.setdefault(appointment.person, []).append(appointment.id)
        for duty in self.role_set[appointment.role].duties:
            self._grants.setdefault((appointment.person, duty), []).append(appointment)

    def _remove(self, appointment_id: str) -> Appointment:
        old = self._appointments.pop(appointment_id)
        self._by_person[old.person].remove(appointment_id)
        for duty in self.role_set[old.role].duties:
            self._grants[(old.person, duty)].remove(old)
        return old

    def appointment(self, appointment_id: str) -> Appointment:
        try:
            return self._appointments[appointment_id]
        except KeyError:
            msg = f"unknown appointment {appointment_id!r}; end only appointments made before (Appointed)"
            raise UnknownKeyError(msg) from None

    def check_end(self, appointment_id: str, at: datetime) -> Appointment:
        current = self.appointment(appointment_id)
        if current.end is not None and current.end <= at:
            msg = f"appointment {appointment_id!r} already ended at {current.end.isoformat()}"
            raise EligibilityError(msg)
        if at <= current.start:
            msg = (
                f"appointment {appointment_id!r} cannot end at {at.isoformat()}, "
                f"before it starts at {current.start.isoformat()}"
            )
            raise EligibilityError(msg)
        return current

    def end(self, appointment_id: str, at: datetime) -> Appointment:
        """End an appointment at ``at``; returns the appointment as it was before."""
        current = self.check_end(appointment_id, at)
        self._replace(current, attrs.evolve(current, end=at))
        return current

    def _replace(self, old: Appointment, new: Appointment) -> None:
        # In place, so the order in which grants are tried (and so who is credited) is stable.
        self._appointments[old.id] = new
        for duty in self.role_set[old.role].duties:
            grants = self._grants[(old.person, duty)]
            grants[grants.index(old)] = new

    def restore(self, previous: Appointment | None, appointment_id: str) -> None:
        """Put back ``previous`` (or remove ``appointment_id``), undoing appoint/end."""
        current = self._appointments.get(appointment_id)
        if previous is None:
            if current is not None:
                self._remove(appointment_id)
        elif current is not None:
            self._replace(current, previous)
        else:
            self._add(previous)

    def __iter__(self) -> Iterator[Appointment]:
        return iter(self._appointments.values())

    def __len__(self) -> int:
        return len(self._appointments)

    def of_person(self, person_id: str) -> tuple[Appointment, ...]:
        return tuple(self._appointments[a] for a in self._by_person.get(person_id, ()))

    def holders(
        self, role: str, unit: str | None = None, at: datetime | None = None
    ) -> tuple[Appointment, ...]:
        """Appointments to ``role`` (at ``unit``, active at ``at``), in appointment order."""
        return tuple(
            a
            for a in self._appointments.values()
            if a.role == role and (unit is None or a.unit == unit) and (at is None or a.active_at(at))
        )

    # -- authorisation --------------------------------------------------------------------
    def authorise(self, person: str, duty: str, unit: str, at: datetime) -> Appointment:
        """The appointment that lets ``person`` perform ``duty`` at ``unit`` at ``at``.

        Raises :class:`~cogov.errors.NotAuthorisedError` saying why not.
        """
        grants = self._grants.get((person, duty))
        if grants:
            # The community's own index (why: this runs for every event; units added to the
            # community later are seen, as the dict is shared, not copied).
            lineage = self.community._lineage.get(unit)
            if lineage is None:
                raise self.community.unknown_unit(unit)
            for appointment in grants:
                if (
                    appointment.unit in lineage
                    and appointment.start <= at
                    and (appointment.end is None or at < appointment.end)
                ):
                    return appointment
        raise NotAuthorisedError(self._refusal(person, duty, unit, at))

    def may(self, person: str, duty: str, unit: str, at: datetime) -> Decision:
        """Whether ``person`` may perform ``duty`` at ``unit`` at ``at``, and why (not)."""
        try:
            appointment = self.authorise(person, duty, unit, at)
        except NotAuthorisedError as refused:
            return Decision(False, str(refused))
        spec = self.role_set[appointment.role]
        reason = f"{person} is {spec.label} at {appointment.unit} ({appointment.id})"
        return Decision(True, reason, appointment)

    def _refusal(self, person: str, duty: str, unit: str, at: datetime) -> str:
        who = self.community.person(person)
        self.community.unit(unit)
        head = f"{who.name} ({person}) may not {duty!r} at unit {unit!r} on {at.isoformat()}"
        roles = [r.label for r in self.role_set.holding(duty)]
        grants = self._grants.get((person, duty))
        if not grants:
            held = [self.role_set[a.role].label for a in self.of_person(person)]
            return (
                f"{head}: holds no role with that duty (holds {held or 'no role'}); "
                f"roles that grant it: {roles or 'none in this role set'}"
            )
        reasons = []
        for appointment in grants:
            label = self.role_set[appointment.role].label
            if appointment.unit not in self.community.lineage(unit):
                reasons.append(f"{label} at {appointment.unit!r} does not cover {unit!r}")
            elif appointment.start > at:
                reasons.append(f"{label} at {appointment.unit!r} starts {appointment.start.isoformat()}")
            else:
                end = appointment.end.isoformat() if appointment.end else "?"
                reasons.append(f"{label} at {appointment.unit!r} ended {end}")
        return (
            f"{head}: " + "; ".join(reasons) + "; let a holder whose appointment covers the unit "
            "at that time act, or appoint one"
        )


def _overlap(a: Appointment, b: Appointment) -> bool:
    a_end_after_b_start = a.end is None or a.end > b.start
    b_end_after_a_start = b.end is None or b.end > a.start
    return a_end_after_b_start and b_end_after_a_start
