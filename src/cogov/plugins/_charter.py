"""Charter assembly: resolve a :class:`CharterSpec`'s keys against the catalogue, once.

Every failure names the plugin that registered the spec, the hook, and the key that does
not resolve (with the keys that do exist), so a typo in a plugin is one readable line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from cogov.errors import CogovError, PluginError
from cogov.model.charter import Charter
from cogov.model.workflow import Workflow
from cogov.plugins._registry import Catalogue, Contribution, Section
from cogov.plugins._specs import CharterSpec, WorkflowExtension

__all__ = ["assemble_charter", "assemble_workflow"]

T = TypeVar("T")


def _resolve(section: Section[T], key: str, owner: Contribution[Any], field: str) -> T:
    found = section.get(key)
    if found is None:
        msg = (
            f"plugin {owner.plugin!r}, hook {owner.hook}: charter {owner.key!r} field {field!r} "
            f"names {section.what} {key!r}, which no loaded plugin registers; known: {section.sorted_keys()}"
        )
        raise PluginError(msg, plugin=owner.plugin, hook=owner.hook)
    return found.value


def _resolve_all(
    section: Section[T], keys: Sequence[str], owner: Contribution[Any], field: str
) -> tuple[T, ...]:
    return tuple(_resolve(section, key, owner, field) for key in keys)


def assemble_workflow(catalogue: Catalogue, key: str) -> Workflow:
    """The workflow ``key``: a registered base, or an extension applied to its base chain."""
    chain: list[Contribution[Any]] = []
    current = key
    while True:
        found = catalogue.workflows.get(current)
        if found is None:
            wanted = f"extension {chain[-1].key!r} extends" if chain else "asked for"
            msg = f"workflow {current!r} ({wanted}) is not registered; known: {catalogue.workflows.sorted_keys()}"
            plugin = chain[-1].plugin if chain else None
            raise PluginError(msg, plugin=plugin, hook="cogov_register_workflows")
        if any(c.key == current for c in chain):
            cycle = " -> ".join([*(c.key for c in chain), current])
            msg = f"workflow extensions form a cycle: {cycle}"
            raise PluginError(msg, plugin=found.plugin, hook="cogov_register_workflows")
        chain.append(found)
        if isinstance(found.value, Workflow):
            break
        current = found.value.base
    workflow = chain.pop().value
    assert isinstance(workflow, Workflow)
    for contribution in reversed(chain):
        extension = contribution.value
        assert isinstance(extension, WorkflowExtension)
        try:
            workflow = workflow.extended(extension.key, extension.states, extension.transitions)
        except CogovError as error:
            msg = f"plugin {contribution.plugin!r}, hook cogov_register_workflows: extension {extension.key!r} is invalid: {error}"
            raise PluginError(msg, plugin=contribution.plugin, hook="cogov_register_workflows") from error
    return workflow


def assemble_charter(catalogue: Catalogue, key: str) -> Charter:
    """Build the :class:`~cogov.Charter` registered as ``key`` from the catalogue."""
    owner = catalogue.charters.get(key)
    if owner is None:
        msg = f"no charter {key!r} is registered; known: {catalogue.charters.sorted_keys()}"
        raise PluginError(msg, hook="cogov_register_charters")
    spec: CharterSpec = owner.value
    if spec.rules is None:
        rules = tuple(c.value for c in catalogue.rules.by_plugin(owner.plugin))
    else:
        rules = _resolve_all(catalogue.rules, spec.rules, owner, "rules")
    try:
        workflow = assemble_workflow(catalogue, spec.workflow)
    except PluginError as error:
        msg = f"plugin {owner.plugin!r}, hook {owner.hook}: charter {key!r}: {error}"
        raise PluginError(msg, plugin=error.plugin or owner.plugin, hook=error.hook) from error
    try:
        return Charter(
            key=spec.key,
            zh=spec.zh,
            en=spec.en,
            role_set=_resolve(catalogue.role_sets, spec.role_set, owner, "role_set"),
            workflow=workflow,
            levels=_resolve(catalogue.levels, spec.levels, owner, "levels"),
            issue_kinds=_resolve_all(catalogue.issue_kinds, spec.issue_kinds, owner, "issue_kinds"),
            channels=_resolve_all(catalogue.channels, spec.channels, owner, "channels"),
            meeting_kinds=_resolve_all(catalogue.meeting_kinds, spec.meeting_kinds, owner, "meeting_kinds"),
            association_kinds=_resolve_all(
                catalogue.association_kinds, spec.association_kinds, owner, "association_kinds"
            ),
            activity_kinds=_resolve_all(
                catalogue.activity_kinds, spec.activity_kinds, owner, "activity_kinds"
            ),
            satisfaction_scale=_resolve(
                catalogue.satisfaction_scales, spec.satisfaction_scale, owner, "satisfaction_scale"
            ),
            calendar=_resolve(catalogue.calendars, spec.calendar, owner, "calendar"),
            rules=rules,
            escalation_meeting=spec.escalation_meeting,
            supervision=(
                _resolve(catalogue.supervision, spec.supervision, owner, "supervision")
                if spec.supervision is not None
                else None
            ),
            worthies_association=spec.worthies_association,
            property_remit=spec.property_remit,
        )
    except PluginError:
        raise
    except CogovError as error:
        msg = f"plugin {owner.plugin!r}, hook {owner.hook}: charter {key!r} is inconsistent: {error}"
        raise PluginError(msg, plugin=owner.plugin, hook=owner.hook) from error
