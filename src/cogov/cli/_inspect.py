"""``cogov plugins`` and ``cogov schema``: what is installed, and the shape of the documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table
from rich.text import Text

from cogov.boundary.schema import SCHEMA_NAMES, print_schema
from cogov.cli._app import CommandGroup, cli
from cogov.cli._common import console, lang_option
from cogov.report import plain_text

__all__ = ["plugins", "schema"]

_HEADS = {
    "zh": ("插件", "登记内容", "条目"),
    "en": ("plugin", "registered", "keys"),
}
_BROKEN = {"zh": "无法加载", "en": "broken"}


def _contributions() -> list[dict[str, Any]]:
    """What each plugin registered; a broken plugin is listed with its error instead."""
    from cogov.plugins import catalogue, survey_plugins  # noqa: PLC0415 - plugins load on demand

    pm, broken = survey_plugins()
    cat = catalogue(pm)
    root = click.get_current_context().find_root().command
    # run through `cogov` (main) the root is the run's group; through the plain `cli` group
    # (a CliRunner in a test), no plugin added anything to it
    plugin_commands = root.plugin_commands if isinstance(root, CommandGroup) else {}
    out: list[dict[str, Any]] = [
        {"plugin": name, "broken": str(error), "registered": {}} for name, error in broken.items()
    ]
    for name, _plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        sections = {}
        for section in cat.sections():
            keys = sorted(c.key for c in section.by_plugin(name))
            if keys:
                sections[section.what] = keys
        commands = plugin_commands.get(name, ())
        if commands:
            sections["command"] = list(commands)
        out.append({"plugin": name, "registered": sections})
    return sorted(out, key=lambda entry: str(entry["plugin"]))


@cli.command()
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins(lang: str, as_json: bool) -> None:
    """List the installed plugins and what each registered; a broken one with its error."""
    found = _contributions()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    plugin_head, what_head, keys_head = _HEADS[lang]
    table = Table(box=box.SIMPLE, show_lines=False)
    table.add_column(plugin_head, style="bold")
    table.add_column(what_head)
    table.add_column(keys_head, overflow="fold")
    for entry in found:
        registered = entry["registered"]
        if entry.get("broken"):
            table.add_row(entry["plugin"], _BROKEN[lang], Text(entry["broken"], style="red"))
            continue
        if not registered:
            table.add_row(plain_text(entry["plugin"]), "–", "")
        for i, (what, keys) in enumerate(sorted(registered.items())):
            table.add_row(*map(plain_text, (entry["plugin"] if i == 0 else "", what, ", ".join(keys))))
    console().print(table)


@cli.command()
@click.argument("document", type=click.Choice(SCHEMA_NAMES), default="events")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
def schema(document: str, out: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a cogov DOCUMENT: events, community or charter.

    In the events schema, #/$defs/Header is the first line of a JSON Lines stream and
    #/$defs/Event each following line.
    """
    if out is None:
        print_schema(document)
        return
    with out.open("w", encoding="utf-8") as handle:
        print_schema(document, handle)
    click.echo(f"wrote {out}", err=True)
