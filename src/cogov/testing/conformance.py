"""Plugin conformance: validate everything a plugin registers and report every problem at once.

>>> from cogov.testing.conformance import assert_conformant
>>> import my_plugin  # doctest: +SKIP
>>> assert_conformant(my_plugin, "mine")  # doctest: +SKIP

The check loads the plugin into a fresh plugin manager (with the core's built-in plugin and
any ``also`` plugins it builds on, but no installed entry points), then checks:

- it registers cleanly: known hooks with valid signatures, well-formed contributions, no key
  another plugin registers;
- **labels** are present in both languages: every ``zh`` has Chinese characters, every
  ``en`` is non-blank and has none;
- **duties** refer to real steps: each role's duty is the duty of a transition of the
  workflow its charter runs (of any registered workflow if no charter uses the role set), a
  meeting kind's or activity kind's duty, or a duty of the ledger itself (``appoint``,
  ``keep_register``, ``keep_structure``);
- **workflows** have no unreachable states and name only registered guards;
- **rules** are well formed (a valid ``key``, a callable ``evaluate``, and whatever their
  own ``problems()`` reports);
- **satisfaction scales** have an answer that counts as satisfied;
- each **charter** assembles and each **example** builds: its community, appointments and
  a ledger over them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pluggy

from cogov.errors import CogovError
from cogov.model.charter import Charter
from cogov.model.community_duties import COMMUNITY_SERVICE_DUTIES
from cogov.model.roles import APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY, RoleSet
from cogov.model.structure import Community
from cogov.model.workflow import Workflow
from cogov.plugins import (
    Catalogue,
    Contribution,
    PluginError,
    WorkflowExtension,
    assemble_charter,
    assemble_workflow,
    collect,
    example_from,
    make_plugin_manager,
)

#: duties the ledger itself checks: appointments, the register and the structure, and the
#: community's services and organisations (double report, one-stop desk, conventions, …)
LEDGER_DUTIES = frozenset({APPOINT_DUTY, REGISTER_DUTY, STRUCTURE_DUTY}) | COMMUNITY_SERVICE_DUTIES

__all__ = ["ConformanceError", "Problem", "assert_conformant", "check_plugin"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@attrs.frozen
class Problem:
    """One thing wrong with a plugin: where (plugin, hook, contribution key) and what."""

    plugin: str
    hook: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.hook} {self.key!r}" if self.key else self.hook
        return f"[{self.plugin}] {where}: {self.message}"


class ConformanceError(AssertionError):
    """A plugin failed the conformance check; ``problems`` lists every problem found."""

    def __init__(self, name: str, problems: Sequence[Problem]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"plugin {name!r} has {len(problems)} conformance problem(s):\n{lines}")
        self.problems = tuple(problems)


def assert_conformant(
    plugin: object, name: str = "plugin", *, also: Sequence[tuple[str, object]] = ()
) -> None:
    """Raise :class:`ConformanceError` listing every problem :func:`check_plugin` finds."""
    problems = check_plugin(plugin, name, also=also)
    if problems:
        raise ConformanceError(name, problems)


def check_plugin(
    plugin: object, name: str = "plugin", *, also: Sequence[tuple[str, object]] = ()
) -> list[Problem]:
    """Every conformance problem of ``plugin`` (registered as ``name``), or an empty list.

    ``also`` are ``(name, plugin)`` pairs the plugin builds on (their problems are reported
    too, under their own names).
    """
    try:
        pm = make_plugin_manager(autoload=False, plugins=[*also, (name, plugin)])
    except PluginError as error:
        return [Problem(error.plugin or name, error.hook or "register", "", str(error))]
    errors: list[PluginError] = []
    catalogue = collect(pm, errors)
    problems = [Problem(e.plugin or name, e.hook or "register", "", _unprefixed(e)) for e in errors]
    checker = _Checker(pm, catalogue, {name, *(n for n, _ in also)})
    checker.run()
    return problems + checker.problems


def _unprefixed(error: PluginError) -> str:
    """The message without a leading "plugin 'x', hook y: " (the Problem says it already)."""
    prefix = f"plugin {error.plugin!r}, hook {error.hook}: "
    message = str(error)
    return message.removeprefix(prefix)


def _labelled(value: Any) -> Iterable[tuple[str, Any]]:
    """(what, object with zh/en) pairs inside a contribution."""
    if isinstance(value, RoleSet):
        for spec in value.roles:
            yield f"role {spec.key!r}", spec
    elif isinstance(value, Workflow | WorkflowExtension):
        if isinstance(value, WorkflowExtension):
            yield "", value
        for state in value.states:
            yield f"state {state.key!r}", state
        for tr in value.transitions:
            yield f"transition {tr.action!r}", tr
    elif isinstance(value, tuple):
        for item in value:
            yield f"{type(item).__name__} {getattr(item, 'key', '')!r}", item
    elif hasattr(value, "zh") and hasattr(value, "en"):
        yield "", value


class _Checker:
    def __init__(self, pm: pluggy.PluginManager, catalogue: Catalogue, names: set[str]) -> None:
        self.pm = pm
        self.catalogue = catalogue
        self.names = names
        self.problems: list[Problem] = []

    def report(self, contribution: Contribution[Any], message: str) -> None:
        self.problems.append(Problem(contribution.plugin, contribution.hook, contribution.key, message))

    def mine(self) -> Iterable[Contribution[Any]]:
        for section in self.catalogue.sections():
            for contribution in section:
                if contribution.plugin in self.names:
                    yield contribution

    def run(self) -> None:
        for contribution in self.mine():
            self.check_labels(contribution)
        charters = self.check_charters()
        self.check_workflows()
        self.check_duties(charters)
        self.check_rules()
        self.check_scales()
        self.check_examples()

    # -- labels ------------------------------------------------------------------------------
    def check_labels(self, contribution: Contribution[Any]) -> None:
        for what, item in _labelled(contribution.value):
            prefix = f"{what}: " if what else ""
            zh, en = getattr(item, "zh", None), getattr(item, "en", None)
            if not isinstance(zh, str) or not _HAN.search(zh):
                self.report(contribution, f"{prefix}Chinese label zh={zh!r} has no Chinese characters")
            if not isinstance(en, str) or not en.strip() or _HAN.search(en):
                self.report(contribution, f"{prefix}English label en={en!r} is missing or not English")

    # -- charters, workflows, duties --------------------------------------------------------
    def check_charters(self) -> dict[str, Charter]:
        built: dict[str, Charter] = {}
        for contribution in self.catalogue.charters:
            if contribution.plugin not in self.names:
                continue
            try:
                built[contribution.key] = assemble_charter(self.catalogue, contribution.key)
            except (PluginError, CogovError) as error:
                self.report(contribution, f"charter does not assemble: {error}")
        return built

    def check_workflows(self) -> None:
        for contribution in self.catalogue.workflows:
            if contribution.plugin not in self.names:
                continue
            try:
                workflow = assemble_workflow(self.catalogue, contribution.key)
            except (PluginError, CogovError) as error:
                self.report(contribution, f"workflow does not assemble: {error}")
                continue
            unreachable = sorted(workflow.unreachable_states())
            if unreachable:
                self.report(
                    contribution,
                    f"unreachable workflow states {unreachable}: no transition leads to them from intake",
                )
            for tr in workflow.transitions:
                for guard in tr.guards:
                    if guard not in self.catalogue.guards:
                        self.report(
                            contribution,
                            f"transition {tr.action!r} names guard {guard!r}, which no plugin registers "
                            f"(cogov_register_guards); known: {self.catalogue.guards.sorted_keys()}",
                        )

    def check_duties(self, charters: dict[str, Charter]) -> None:
        kinds = {k.duty for k in self.catalogue.meeting_kinds.mapping().values()}
        kinds |= {k.duty for k in self.catalogue.activity_kinds.mapping().values()}
        for contribution in self.catalogue.role_sets:
            if contribution.plugin not in self.names:
                continue
            role_set: RoleSet = contribution.value
            using = [c for c in charters.values() if c.role_set.key == role_set.key]
            if using:
                steps = {tr.duty for c in using for tr in c.workflow.transitions}
                kinds_here = {k.duty for c in using for k in c.meeting_kinds}
                kinds_here |= {k.duty for c in using for k in c.activity_kinds}
                kinds_here |= {d for c in using if c.supervision is not None for d in c.supervision.duties}
                where = f"workflow(s) {sorted({c.workflow.key for c in using})}"
            else:
                steps = set()
                for key in list(self.catalogue.workflows.mapping()):
                    try:
                        steps |= {tr.duty for tr in assemble_workflow(self.catalogue, key).transitions}
                    except (PluginError, CogovError):
                        continue
                kinds_here = kinds | {
                    d for r in self.catalogue.supervision.mapping().values() for d in r.duties
                }
                where = "any registered workflow"
            known = steps | kinds_here | LEDGER_DUTIES
            for spec in role_set.roles:
                for duty in sorted(spec.duties - known):
                    self.report(
                        contribution,
                        f"role {spec.key!r} duty {duty!r} is no transition's duty in {where}, "
                        f"nor a meeting-kind, activity-kind or supervision duty, nor one of {sorted(LEDGER_DUTIES)}",
                    )

    # -- rules, scales, examples ------------------------------------------------------------
    def check_rules(self) -> None:
        for contribution in self.catalogue.rules:
            if contribution.plugin not in self.names:
                continue
            problems = getattr(contribution.value, "problems", None)
            if not callable(problems):
                continue
            try:
                found = list(problems())
            except Exception as error:  # a broken problems() is itself a problem to report
                self.report(contribution, f"rule.problems() raised {type(error).__name__}: {error}")
                continue
            for message in found:
                self.report(contribution, f"rule is not well formed: {message}")

    def check_scales(self) -> None:
        for contribution in self.catalogue.satisfaction_scales:
            if contribution.plugin in self.names and not any(level.satisfied for level in contribution.value):
                self.report(contribution, "no answer counts as satisfied; mark at least one satisfied=True")

    def check_examples(self) -> None:
        for contribution in self.catalogue.examples:
            if contribution.plugin not in self.names:
                continue
            try:
                example = example_from(self.catalogue, contribution.key)
                example.ledger()
            except (PluginError, CogovError) as error:
                self.report(contribution, f"example does not load: {error}")
                continue
            self.check_names(contribution, example.community)

    def check_names(self, contribution: Contribution[Any], community: Community) -> None:
        """Unit and association names of an example are bilingual too (reported once per example)."""
        named = [(f"unit {u.code!r}", u.name_zh, u.name_en) for u in community.units]
        named += [(f"association {a.id!r}", a.name_zh, a.name_en) for a in community.associations]
        bad = [what for what, zh, en in named if not _HAN.search(zh) or _HAN.search(en)]
        if bad:
            shown = ", ".join(bad[:3]) + (f" and {len(bad) - 3} more" if len(bad) > 3 else "")
            self.report(
                contribution,
                f"{len(bad)} name(s) lack Chinese in name_zh or have Chinese in name_en: {shown}",
            )
