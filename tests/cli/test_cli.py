"""End to end: the installed ``cogov`` command, run as a user runs it (a subprocess).

Every command is run once the right way and several times the wrong way; a wrong way must
end with one line on stderr (``cogov: error: ...``), a non-zero exit code and no traceback.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "cogov"
COGOV = str(BIN) if BIN.exists() else shutil.which("cogov")
RECORDED = Path(__file__).parents[2] / "plugins/xiaoxiguan/src/cogov_xiaoxiguan/data/year-2022.jsonl"

pytestmark = pytest.mark.skipif(
    COGOV is None, reason="the cogov console script is not installed (pip install -e .)"
)


def cogov(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160", "COGOV_LANG": "zh", **(env or {})}
    env.pop("COGOV_TRACEBACK", None)
    assert COGOV is not None
    return subprocess.run(
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=120, env=env, cwd=cwd, check=False
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *, code: int | None = None) -> str:
    assert result.returncode != 0, result.stdout
    if code is not None:
        assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cogov: error: ")
    return lines[0]


# -- the main job -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("demo")
    return cogov("demo", "--replications", "3", "--workers", "1", "--out", out, "--lang", "en"), out


def test_demo_prints_statistics_beside_the_source_and_the_report_path(demo) -> None:  # type: ignore[no-untyped-def]
    """The README's main command ends with the figures table beside the source's and the report's path."""
    result, out = demo
    assert result.returncode == 0, result.stderr
    assert "Reported by the source" in result.stdout
    assert "issues collected at them" in result.stdout
    assert "121" in result.stdout
    assert "95% confidence interval" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"HTML report: {(out / 'report.en.html').resolve()}"
    assert (out / "report.en.html").stat().st_size > 20_000


def test_demo_writes_machine_readable_results(demo) -> None:  # type: ignore[no-untyped-def]
    """summary.json holds means with intervals; replications.csv one row per simulated year."""
    _, out = demo
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["replications"] == 3
    figure = summary["figures"]["meeting_issues_collected"]
    assert figure["ci95"][0] <= figure["mean"] <= figure["ci95"][1]
    rows = list(csv.DictReader((out / "replications.csv").open(encoding="utf-8")))
    assert len(rows) == 3
    mean = sum(float(r["meeting_issues_collected"]) for r in rows) / 3
    assert mean == pytest.approx(figure["mean"])


def test_report_of_the_demo_ledger_matches_the_demo(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Reporting the ledger the demo wrote gives the figures the demo measured for that year."""
    _, out = demo
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    first_row = next(csv.DictReader((out / "replications.csv").open(encoding="utf-8")))
    result = cogov(
        "report",
        out / "ledger.jsonl",
        "--from",
        data["period_start"],
        "--to",
        data["period_end"],
        "--out",
        tmp_path / "r.html",
        "--json",
        tmp_path / "r.json",
    )
    assert result.returncode == 0, result.stderr
    again = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    figures = {f["key"]: f["value"] for f in again["headline"]}
    assert figures["meeting_issues_collected"] == float(first_row["meeting_issues_collected"])
    assert figures["meeting_issues_resolved"] == float(first_row["meeting_issues_resolved"])
    assert (tmp_path / "r.html").exists()


def test_demo_in_chinese(tmp_path: Path) -> None:
    """With --lang zh the table's labels are Chinese."""
    result = cogov("demo", "-r", "2", "-w", "1", "--out", tmp_path, "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "户院会收集问题" in result.stdout
    assert "原文报道" in result.stdout
    assert "评价得分" in result.stdout


# -- simulate and sweep -----------------------------------------------------------------------------
def test_simulate_writes_results(tmp_path: Path) -> None:
    """simulate writes the CSV, JSON summary, ledger and report for the runs asked for."""
    result = cogov("simulate", "xiaoxiguan", "-r", "2", "--seed", "7", "--out", tmp_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    for name in ("replications.csv", "summary.json", "report.json", "ledger.jsonl", "report.en.html"):
        assert (tmp_path / name).exists(), name
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (summary["scenario"], summary["replications"], summary["seed"]) == ("xiaoxiguan", 2, 7)
    assert f"results: {tmp_path.resolve()}" in result.stdout


def test_simulate_several_years_per_run(tmp_path: Path) -> None:
    """--years 2 makes each run two years long: the report spans 24 months, without the source's
    (one-year) figures beside it."""
    result = cogov("simulate", "xiaoxiguan", "--years", "2", "-r", "1", "--out", tmp_path, "--lang", "en")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["months"]) == 24
    assert "Reported by the source" not in result.stdout
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["years"] == 2


def test_simulate_a_builtin_scenario_under_a_policy(tmp_path: Path) -> None:
    """A built-in synthetic scenario runs under a named policy; with no source, no reported column."""
    result = cogov(
        "simulate",
        "demo",
        "-r",
        "2",
        "--policy",
        "fortnightly_household_meetings",
        "--out",
        tmp_path,
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert "Reported by the source" not in result.stdout
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (summary["scenario"], summary["policy"]) == ("demo", "fortnightly_household_meetings")


def test_sweep_over_a_toml_grid(tmp_path: Path) -> None:
    """Every point of the grid gets a row with means and interval bounds."""
    grid = tmp_path / "grid.toml"
    grid.write_text(
        'scenario = "xiaoxiguan"\nreplications = 2\nseed = 3\n[parameters]\non_spot_share = [0.3, 0.9]\n',
        encoding="utf-8",
    )
    result = cogov("sweep", grid, "--out", tmp_path / "out", "--lang", "en")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "sweep.csv").open(encoding="utf-8")))
    assert [r["on_spot_share"] for r in rows] == ["0.3", "0.9"]
    low, high = (float(r["answered_on_spot"]) for r in rows)
    assert high > low
    document = json.loads((tmp_path / "out" / "sweep.json").read_text(encoding="utf-8"))
    assert len(document["points"]) == 2
    # the printed table formats rates and durations as the other commands do
    assert re.search(r"\d%", result.stdout), result.stdout
    assert re.search(r"\d d\b", result.stdout), result.stdout


# -- report, validate, plugins ------------------------------------------------------------------------
@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_report_of_the_recorded_year(tmp_path: Path) -> None:
    """The recorded 2022 reproduces the source's figures; the HTML report is written."""
    result = cogov("report", RECORDED, "--year", "2022", "--out", tmp_path / "r.html", "--lang", "en")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "issues collected at them" in line)
    assert line.split()[-3:] == ["121", "121", "+0.0"]
    assert (tmp_path / "r.html").exists()


@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_report_of_a_period_without_events_warns(tmp_path: Path) -> None:
    """A period the ledger has no event in still reports, but says on stderr why all is zero."""
    result = cogov("report", RECORDED, "--year", "1999", "--out", tmp_path / "r.html")
    assert result.returncode == 0, result.stderr
    assert "cogov: warning: no event of" in result.stderr
    assert "1999-01-01 – 1999-12-31" in result.stderr
    recorded = cogov("report", RECORDED, "--year", "2022", "--out", tmp_path / "r2.html")
    assert "warning" not in recorded.stderr


@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_report_for_one_grid(tmp_path: Path) -> None:
    """--unit narrows the report to one grid."""
    whole = cogov("report", RECORDED, "--json", tmp_path / "all.json", "--out", tmp_path / "all.html")
    result = cogov(
        "report",
        RECORDED,
        "--unit",
        "420325100001001",
        "--json",
        tmp_path / "g.json",
        "--out",
        tmp_path / "g.html",
    )
    assert whole.returncode == 0, whole.stderr
    assert result.returncode == 0, result.stderr
    grid = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    everything = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [g["code"] for g in grid["grids"]] == ["420325100001001"]
    assert 0 < grid["funnel"][0]["count"] < everything["funnel"][0]["count"]


@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_report_and_validate_a_sqlite_store(tmp_path: Path) -> None:
    """A SQLite event store is reported like an event file and validated by its hash chain."""
    from cogov.boundary.codec import loads_events  # noqa: PLC0415
    from cogov.boundary.sqlite_store import SQLiteStore  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    example = load_setup("xiaoxiguan")
    path = tmp_path / "year.sqlite"
    store = SQLiteStore.create(
        path,
        example.charter,
        example.community,
        example.appointments,
        guards=example.guards,
        clock="events",
    )
    store.append(loads_events(RECORDED.read_text(encoding="utf-8")))
    store.close()
    checked = cogov("validate", path)
    assert checked.returncode == 0, checked.stderr
    assert "hash chain intact" in checked.stdout
    result = cogov("report", path, "--year", "2022", "--out", tmp_path / "r.html", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "121" in result.stdout


def test_validate_lists_one_line_per_problem(tmp_path: Path) -> None:
    """Each bad value is one line naming its place; the exit code is 1 with a one-line summary."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"format":"cogov.events","version":1}\n'
        '{"type":"meeting_held","at":"2022-01-01T09:00:00","actor":"p-1","meeting":"M1","kind":"household_meeting","unit":"U1"}\n'
        '{"type":"no_such_event"}\n',
        encoding="utf-8",
    )
    result = cogov("validate", bad)
    assert_one_line_error(result, code=1)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert "$.events[0].at" in lines[0]
    assert "no_such_event" in lines[1]


@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_validate_against_a_ledger(tmp_path: Path) -> None:
    """With --setup, an event the ledger refuses (here: a step before its issue) is reported."""
    good = cogov("validate", RECORDED, "--setup", "xiaoxiguan")
    assert good.returncode == 0, good.stderr
    assert "ok" in good.stdout
    lines = RECORDED.read_text(encoding="utf-8").splitlines()
    collected = next(i for i, line in enumerate(lines) if '"issue_collected"' in line)
    later = next(
        i
        for i, line in enumerate(lines)
        if i > collected and '"issue"' in line and "issue_collected" not in line
    )
    lines.insert(1, lines.pop(later))  # a step before any issue exists
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cogov("validate", broken, "--setup", "xiaoxiguan")
    assert_one_line_error(result, code=1)
    assert "event 1" in result.stdout


@pytest.mark.skipif(not RECORDED.exists(), reason="the Xiaoxiguan plugin's recorded year is not present")
def test_validate_against_a_ledger_counts_every_refused_event() -> None:
    """--max-problems caps the lines shown, not the count in the summary."""
    result = cogov("validate", RECORDED, "--setup", "beijing", "--max-problems", "3")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 3
    summary = result.stderr.strip()
    count = int(summary.split(": ")[-1].split()[0])
    assert count > 3, summary
    assert summary.endswith("(first 3 shown)")


def test_validate_documents(tmp_path: Path) -> None:
    """A community document and a charter document written by the codec validate as ok."""
    from cogov.boundary.codec import dumps_charter, dumps_community  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    example = load_setup("xiaoxiguan")
    community = tmp_path / "community.json"
    community.write_text(dumps_community(example.community, example.appointments), encoding="utf-8")
    charter = tmp_path / "charter.json"
    charter.write_text(dumps_charter(example.charter), encoding="utf-8")
    for path, words in ((community, "units"), (charter, "charter 'xiaoxiguan'")):
        result = cogov("validate", path)
        assert result.returncode == 0, result.stderr
        assert words in result.stdout
    broken = tmp_path / "broken.json"
    broken.write_text(
        community.read_text(encoding="utf-8").replace('"level": "grid"', '"level": 7', 1), encoding="utf-8"
    )
    result = cogov("validate", broken)
    assert_one_line_error(result, code=1)
    assert "level" in result.stdout


def test_plugins_lists_what_each_registered() -> None:
    """The table names each plugin and what it registered; --json gives the same as data."""
    result = cogov("plugins", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "xiaoxiguan" in result.stdout
    assert "scenario" in result.stdout
    listed = json.loads(cogov("plugins", "--json").stdout)
    names = {entry["plugin"] for entry in listed}
    assert {"cogov", "xiaoxiguan"} <= names
    xiaoxiguan = next(entry for entry in listed if entry["plugin"] == "xiaoxiguan")
    assert "xiaoxiguan" in xiaoxiguan["registered"]["community set-up"]


def test_schema_prints_json_schema(tmp_path: Path) -> None:
    """schema prints a draft 2020-12 JSON Schema; -o writes it to a file."""
    result = cogov("schema", "events")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "2020-12" in document["$schema"]
    assert "Event" in document["$defs"]
    written = cogov("schema", "community", "-o", tmp_path / "community.schema.json")
    assert written.returncode == 0, written.stderr
    assert json.loads((tmp_path / "community.schema.json").read_text(encoding="utf-8"))["$defs"]


def test_help_and_version() -> None:
    """--help lists every built-in command; --version names cogov."""
    result = cogov("--help")
    assert result.returncode == 0
    for command in ("demo", "simulate", "sweep", "report", "validate", "plugins", "schema"):
        assert command in result.stdout
    assert "cogov" in cogov("--version").stdout


def test_python_dash_m_cogov_is_the_cogov_command() -> None:
    """``python -m cogov`` runs the command line, like ``python -m cogov.cli``."""
    for module in ("cogov", "cogov.cli"):
        result = subprocess.run(
            [sys.executable, "-m", module, "--version"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "cogov" in result.stdout


# -- bad input: one line, non-zero, never a traceback ----------------------------------------------------
BAD_GRIDS = {
    "not_toml.toml": "this is = = not toml",
    "no_parameters.toml": 'scenario = "xiaoxiguan"\n',
    "unknown_parameter.toml": "[parameters]\nno_such_knob = [1, 2]\n",
    "bad_value.toml": "[parameters]\non_spot_share = [2.5]\n",
    "not_a_list.toml": "[parameters]\non_spot_share = 0.5\n",
    "bad_scenario.json": '{"scenario": "atlantis", "parameters": {"on_spot_share": [0.5]}}',
    "unknown_key.toml": 'policy = "fortnightly_household_meetings"\n[parameters]\non_spot_share = [0.5]\n',
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, text in BAD_GRIDS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "plain.txt").write_text("hello\n", encoding="utf-8")
    (folder / "binary.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "community.json").write_text(
        '{"format": "cogov.community", "version": 1, "units": 3}', encoding="utf-8"
    )
    (folder / "a_file").write_text("x", encoding="utf-8")
    (folder / "not_a_store.sqlite").write_bytes(b"not sqlite at all" * 10)
    return folder


BAD_INPUT = [
    ("demo", ["demo", "--replications", "0"], 2),
    ("demo", ["demo", "--lang", "fr"], 2),
    ("demo", ["demo", "-r", "1", "--out", "{bad}/a_file"], 2),
    ("simulate", ["simulate", "atlantis"], 1),
    ("simulate", ["simulate", "xiaoxiguan", "--years", "0"], 2),
    ("simulate", ["simulate"], 2),
    ("simulate", ["simulate", "xiaoxiguan", "--policy", "no_such_policy"], 1),
    ("sweep", ["sweep", "{bad}/missing.toml"], 1),
    *[("sweep", ["sweep", f"{{bad}}/{name}", "--out", "{bad}/sweep_out"], 1) for name in BAD_GRIDS],
    ("report", ["report", "{bad}/missing.jsonl"], 1),
    ("report", ["report", "{bad}/plain.txt"], 1),
    ("report", ["report", "{bad}/binary.jsonl"], 1),
    ("report", ["report", "{bad}/community.json"], 1),
    ("report", ["report", "{bad}/not_a_store.sqlite"], 1),
    ("report", ["report", str(RECORDED), "--setup", "atlantis"], 1),
    ("report", ["report", str(RECORDED), "--unit", "NO-SUCH-UNIT", "--out", "{bad}/u.html"], 1),
    ("report", ["report", str(RECORDED), "--year", "2022", "--from", "2022-01-01"], 1),
    ("report", ["report", str(RECORDED), "--from", "1st of May"], 1),
    ("report", ["report", str(RECORDED), "--from", "2022-05-01", "--to", "2022-01-01"], 1),
    ("validate", ["validate", "{bad}/missing.jsonl"], 1),
    ("validate", ["validate", "{bad}/binary.jsonl"], 1),
    ("validate", ["validate", "{bad}/plain.txt"], 1),
    ("validate", ["validate", "{bad}/community.json"], 1),
    ("validate", ["validate", "{bad}/not_a_store.sqlite"], 1),
    ("plugins", ["plugins", "--lang", "fr"], 2),
    ("schema", ["schema", "no_such_document"], 2),
    ("cogov", ["no-such-command"], 2),
]


@pytest.mark.parametrize(
    ("command", "args", "code"), BAD_INPUT, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(BAD_INPUT)]
)
def test_bad_input_gives_one_line_and_non_zero_exit(
    command: str, args: list[str], code: int, bad_files: Path
) -> None:
    """Bad input to every command: one line on stderr, a non-zero exit code, no traceback."""
    result = cogov(*(a.replace("{bad}", str(bad_files)) for a in args))
    assert_one_line_error(result, code=code)


def test_plugins_that_fail_to_load_are_one_line_too() -> None:
    """A plugin selection naming nothing installed: commands needing plugins fail in one line,
    the others still work."""
    broken = {"COGOV_LOAD_PLUGINS": "no_such_plugin"}
    line = assert_one_line_error(cogov("plugins", env=broken), code=1)
    assert "no_such_plugin" in line
    assert_one_line_error(cogov("demo", env=broken), code=1)
    assert cogov("schema", "charter", env=broken).returncode == 0


def test_bugs_are_reported_in_one_line_too(tmp_path: Path) -> None:
    """An unexpected failure inside a plugin's command still ends in one line and exit code 70."""
    plugin = tmp_path / "cogov_exploding.py"
    plugin.write_text(
        "import click\n"
        "from cogov.hookspecs import hookimpl\n"
        "@hookimpl\n"
        "def cogov_register_commands(cli):\n"
        "    @cli.command('explode')\n"
        "    def explode():\n"
        "        raise ZeroDivisionError('boom')\n",
        encoding="utf-8",
    )
    runner = (
        "import sys, pluggy\n"
        "import cogov_exploding\n"
        "from cogov.plugins import get_plugin_manager\n"
        "get_plugin_manager().register(cogov_exploding, name='exploding')\n"
        "from cogov.cli import main\n"
        "sys.exit(main(['explode']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", runner],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=False,
    )
    line = assert_one_line_error(result, code=70)
    assert "ZeroDivisionError: boom" in line
