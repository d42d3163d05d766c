"""Figures to set beside a report's: a plugin's reference figures for that community and
period, or the user's own targets.

Reference figures come from plugins (``cogov_register_reference_figures``; the Xiaoxiguan
plugin registers its 2022 news feature) and are shown only where they apply
(:func:`cogov.plugins.reference_for`): the same community and period, or a simulated run of a
scenario that models that period.  ``--no-reference`` hides them; ``--targets FILE`` replaces
them with the user's own figures, for any community and period:

.. code-block:: toml

    label = "2024 targets (2024年目标)"
    [figures]
    resolution_rate = 0.95          # rates are fractions: 0.95 is 95 %
    median_days_to_resolution_registered = 10
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from cogov.cli._app import fail
from cogov.errors import did_you_mean
from cogov.evaluation import Period
from cogov.report import HEADLINE, Label, Reported

__all__ = ["Comparison", "ReferenceChoice", "comparison_for", "load_targets", "reference_options"]

F = TypeVar("F", bound=Callable[..., Any])
_UNITS = {spec.key: spec for spec in HEADLINE}


@attrs.frozen
class ReferenceChoice:
    """What the user asked for: no reference at all, their own targets, or (default) the plugins'."""

    hidden: bool = False
    targets: Path | None = None


@attrs.frozen
class Comparison:
    """Figures to show beside the report's, by headline key, and where they come from."""

    figures: Mapping[str, Reported]
    label: Label


def reference_options(function: F) -> F:
    """Add ``--no-reference`` and ``--targets FILE``; the command receives ``reference``."""

    @functools.wraps(function)
    def command(*args: Any, no_reference: bool, targets: Path | None, **kwargs: Any) -> Any:
        if no_reference and targets is not None:
            msg = "--no-reference and --targets exclude each other; give one of them"
            raise fail(msg)
        return function(*args, reference=ReferenceChoice(no_reference, targets), **kwargs)

    command = click.option(
        "--targets",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Show your own figures (TOML or JSON: [figures] key = value) beside the report's.",
    )(command)
    with_flag = click.option(
        "--no-reference",
        is_flag=True,
        help="Do not show the figures a plugin's source reports for this community and period.",
    )
    return with_flag(command)  # type: ignore[return-value]


def comparison_for(
    *,
    example: str | None,
    period: Period | None,
    choice: ReferenceChoice,
    scenario: str | None = None,
    unit: str | None = None,
) -> Comparison | None:
    """What to show beside a report of ``example`` (or a simulated run of ``scenario``) over ``period``."""
    if choice.hidden:
        return None
    if choice.targets is not None:
        return load_targets(choice.targets)
    if unit is not None or period is None:  # a source's figures are of the whole community and period
        return None
    from cogov.plugins import reference_figures, reference_for  # noqa: PLC0415 - plugins load on demand

    last = (period.end - timedelta(microseconds=1)).date()  # the period's end is exclusive
    found = reference_for(
        reference_figures().values(), example=example, start=period.start.date(), end=last, scenario=scenario
    )
    if found is None:
        return None
    figures = {key: Reported(float(value), found.texts.get(key, "")) for key, value in found.figures.items()}
    return Comparison(figures, Label(found.source_zh, found.source_en))


def load_targets(path: Path) -> Comparison:
    """The user's own figures from ``path`` (TOML, or JSON by its suffix), checked against the headline."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = f"--targets {path}: no such file"
        raise fail(msg) from None
    except UnicodeDecodeError:
        msg = f"--targets {path}: not UTF-8 text"
        raise fail(msg) from None
    kind = "JSON" if path.suffix == ".json" else "TOML"
    try:
        document: Any = json.loads(text) if kind == "JSON" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        msg = f"--targets {path}: not valid {kind}: {str(error).splitlines()[0]}"
        raise fail(msg) from None
    unknown = sorted(set(document) - {"label", "figures"}) if isinstance(document, dict) else []
    if unknown:  # a misspelt key would otherwise be ignored
        msg = (
            f"--targets {path}: unknown key {unknown[0]!r}{did_you_mean(unknown[0], ['label', 'figures'])} "
            "(a targets file has 'label' and 'figures')"
        )
        raise fail(msg)
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("figures"), dict)
        or not document["figures"]
    ):
        msg = f"--targets {path}: expected a table 'figures' of figure = value, e.g. resolution_rate = 0.95"
        raise fail(msg)
    label = document.get("label", path.name)
    if not isinstance(label, str) or not label.strip():
        msg = f"--targets {path}: 'label' must be text, got {label!r}"
        raise fail(msg)
    figures: dict[str, Reported] = {}
    for key, value in document["figures"].items():
        spec = _UNITS.get(key)
        if spec is None:
            msg = (
                f"--targets {path}: unknown figure {key!r}{did_you_mean(key, list(_UNITS))} "
                f"(figures: {', '.join(_UNITS)})"
            )
            raise fail(msg)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not spec.low <= value <= spec.high
        ):
            hint = " (rates are fractions: 0.95 for 95 %)" if spec.unit == "%" else ""
            msg = (
                f"--targets {path}: figures.{key} = {value!r} is outside its range "
                f"{spec.low:g} to {spec.high:g}{hint}"
            )
            raise fail(msg)
        figures[key] = Reported(float(value))
    return Comparison(figures, Label(label, label))
