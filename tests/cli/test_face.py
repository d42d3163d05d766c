"""The command line as a user meets it: pipes, languages, narrow terminals, broken plugins.

Every test runs the installed ``cogov`` command in a real subprocess.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cogov as cogov_package

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
        [COGOV, *map(str, args)], capture_output=True, text=True, timeout=300, env=env, cwd=cwd, check=False
    )


# -- the version --------------------------------------------------------------------------------
def test_version_is_the_installed_distributions() -> None:
    """``cogov.__version__`` is the installed distribution's version, as ``cogov --version`` says."""
    assert cogov_package.__version__ == importlib.metadata.version("cogov")
    assert cogov_package.__version__ in cogov("--version").stdout


# -- pipes --------------------------------------------------------------------------------------
@pytest.mark.skipif(
    shutil.which("head") is None or shutil.which("bash") is None, reason="needs bash and head"
)
@pytest.mark.parametrize("args", [["report", str(RECORDED), "--out", "{tmp}/r.html"], ["plugins"]])
def test_output_into_a_closed_pipe_exits_zero(args: list[str], tmp_path: Path) -> None:
    """``cogov report … | head`` ends quietly with exit code 0 when the reader stops early."""
    assert COGOV is not None
    command = " ".join([COGOV, *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -n 0"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COGOV_LANG": "zh"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


# -- languages ----------------------------------------------------------------------------------
def test_english_report_does_not_overwrite_the_chinese_one(tmp_path: Path) -> None:
    """The default report file names differ per language, so ``--lang en`` keeps the Chinese report."""
    zh = cogov("report", RECORDED, "--lang", "zh", cwd=tmp_path)
    en = cogov("report", RECORDED, "--lang", "en", cwd=tmp_path)
    assert zh.returncode == en.returncode == 0, zh.stderr + en.stderr
    pages = sorted(tmp_path.glob("*.html"))
    assert len(pages) == 2, pages
    langs = {page.name: page.read_text(encoding="utf-8").split('lang="', 1)[1][:2] for page in pages}
    assert sorted(langs.values()) == ["en", "zh"], langs


# -- broken plugins -----------------------------------------------------------------------------
FIXTURES = Path(__file__).parents[1] / "plugins"


@pytest.fixture(scope="module")
def broken_install(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment where two more distributions are installed beside the real plugins: one
    whose contributions are wrong (tests/plugins/broken_plugin.py) and one that cannot import."""
    site = tmp_path_factory.mktemp("site")
    for dist, name, target in (
        ("cogov_broken_fixture", "broken", "broken_plugin"),
        ("cogov_ghost_fixture", "ghost", "cogov_no_such_module_xyz"),
    ):
        info = site / f"{dist}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(f"[cogov]\n{name} = {target}\n", encoding="utf-8")
    path = os.pathsep.join([str(site), str(FIXTURES), os.environ.get("PYTHONPATH", "")])
    return {"PYTHONPATH": path.rstrip(os.pathsep)}


def test_plugins_lists_a_broken_plugin_with_its_error(broken_install: dict[str, str]) -> None:
    """``cogov plugins`` still works beside broken plugins: each is listed as broken with its error."""
    result = cogov("plugins", "--lang", "en", env=broken_install)
    assert result.returncode == 0, result.stderr
    assert "xiaoxiguan" in result.stdout
    listed = cogov("plugins", "--json", env=broken_install)
    assert listed.returncode == 0, listed.stderr
    entries = {entry["plugin"]: entry for entry in json.loads(listed.stdout)}
    assert entries["xiaoxiguan"].get("broken") is None
    assert entries["xiaoxiguan"]["registered"]["community set-up"] == ["xiaoxiguan"]
    assert "'dispute'" in entries["broken"]["broken"]
    assert 'Error importing plugin "ghost": ModuleNotFoundError' in entries["ghost"]["broken"]
    for name in ("broken", "ghost"):
        assert name in result.stdout
        assert entries[name]["registered"] == {}
    assert "broken" in result.stdout.lower()


def test_other_commands_name_the_broken_plugin_and_how_to_skip_it(broken_install: dict[str, str]) -> None:
    """A command that needs the plugins fails in one line naming the broken plugin and the switch."""
    result = cogov("report", RECORDED, "--out", os.devnull, env=broken_install)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "ghost" in lines[0]
    assert "COGOV_LOAD_PLUGINS=" in lines[0]
    skip = lines[0].split("COGOV_LOAD_PLUGINS=", 1)[1].split()[0].strip("`'\";,.()")
    assert "ghost" not in skip.split(",")
    assert "xiaoxiguan" in skip.split(",")


def test_skipping_the_broken_plugins_as_told_works(broken_install: dict[str, str]) -> None:
    """Following the hint (COGOV_LOAD_PLUGINS with the healthy plugins) makes the command work."""
    result = cogov(
        "report", RECORDED, "--out", os.devnull, env={**broken_install, "COGOV_LOAD_PLUGINS": "xiaoxiguan"}
    )
    assert result.returncode == 0, result.stderr


def test_demo_with_only_the_core_names_the_distribution_to_install(tmp_path: Path) -> None:
    """With no plugin loaded, ``cogov demo`` says which distribution provides Xiaoxiguan."""
    result = cogov("demo", "-r", "1", "--out", tmp_path, env={"COGOV_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "pip install cogov-xiaoxiguan" in lines[0]


def test_demo_hint_when_the_distribution_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where cogov-xiaoxiguan is not installed at all, the hint is the pip command (and the checkout's)."""
    from cogov.cli import _scenarios  # noqa: PLC0415 - the command line's own module, in process

    def missing(name: str) -> object:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    hint = _scenarios._not_installed_hint("xiaoxiguan")
    assert "pip install cogov-xiaoxiguan" in hint
    assert "pip install -e plugins/xiaoxiguan" in hint
    assert "not loaded" not in hint


# -- narrow terminals ---------------------------------------------------------------------------
def assert_fits(output: str, width: int = 80) -> None:
    """Every line fits in ``width`` terminal cells (Chinese characters take two) and nothing is cut."""
    from rich.cells import cell_len  # noqa: PLC0415 - the same measure the tables use

    for line in output.splitlines():
        if line.startswith(("HTML report: ", "results: ")):
            continue  # a path is as long as it is
        assert cell_len(line) <= width, f"{cell_len(line)} cells: {line!r}"
    assert "…" not in output, output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_tables_fit_80_columns(lang: str, tmp_path: Path) -> None:
    """At COLUMNS=80 the report's tables fit, with no label or value cut off, in both languages."""
    result = cogov(
        "report",
        RECORDED,
        "--year",
        "2022",
        "--out",
        tmp_path / "r.html",
        "--lang",
        lang,
        env={"COLUMNS": "80"},
    )
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    # a value is never wrapped inside itself
    assert "[" not in result.stdout or all(
        line.count("[") == line.count("]") for line in result.stdout.splitlines()
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_tables_fit_80_columns(lang: str, tmp_path: Path) -> None:
    """The demo's scores and figures with intervals (its widest tables) fit 80 columns, uncut."""
    result = cogov("demo", "-r", "2", "-w", "1", "--out", tmp_path, "--lang", lang, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    for line in result.stdout.splitlines():
        assert line.count("[") == line.count("]"), line  # an interval is never split over lines


def test_sweep_headers_are_not_truncated(tmp_path: Path) -> None:
    """The sweep table shows each parameter's full name at 80 columns, however long."""
    grid = tmp_path / "grid.toml"
    grid.write_text(
        'scenario = "xiaoxiguan"\nreplications = 2\nseed = 3\n[parameters]\n'
        "household_meeting_days = [30]\nextra_handlers_per_grid = [0]\non_spot_share = [0.5]\n",
        encoding="utf-8",
    )
    result = cogov("sweep", grid, "--out", tmp_path / "out", "--lang", "en", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    for name in ("household_meeting_days", "extra_handlers_per_grid", "on_spot_share"):
        assert name in _heads(result.stdout), name
    # no column is cropped at the right edge: the one row shows all seven values
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("30 "))
    assert len(row.split("  ")) - row.split("  ").count("") == 7, row
    assert row.rstrip().endswith(" d"), row


def _heads(output: str) -> list[str]:
    """The table's column heads, each put together from its pieces on the lines above the rule."""
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.strip().startswith("─"))
    pieces: dict[int, list[str]] = {}
    for line in lines[1:rule]:
        for match in re.finditer(r"\S+", line):
            pieces.setdefault(match.start(), []).append(match.group())
    return ["".join(parts) for _, parts in sorted(pieces.items())]


# -- export and register import ------------------------------------------------------------------
def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("cogov: error: ")
    return line


def test_export_writes_a_workbook_and_csv_tables(tmp_path: Path) -> None:
    """``cogov export`` writes the three tables to a workbook, or one table to a CSV file."""
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "year.xlsx"
    result = cogov("export", RECORDED, book, "--year", "2022")
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(book, read_only=True).sheetnames == ["events", "issues", "statistics"]
    issues = tmp_path / "issues.csv"
    assert cogov("export", RECORDED, issues, "--table", "issues").returncode == 0
    rows = list(csv.DictReader(issues.open(encoding="utf-8-sig")))
    assert len(rows) == 121
    assert rows[0]["issue"] == "XXG-2022-0001"
    stats = tmp_path / "stats.csv"
    assert cogov("export", RECORDED, stats, "--table", "statistics", "--year", "2022").returncode == 0
    figures = {(r["figure"], r["key"]): r["value"] for r in csv.DictReader(stats.open(encoding="utf-8-sig"))}
    assert figures[("issues_collected", "")] == "121"
    assert "csv" in one_line_error(cogov("export", RECORDED, tmp_path / "x.txt"))
    assert "holds one table" in one_line_error(
        cogov("export", RECORDED, tmp_path / "x.csv", "--table", "events", "--table", "issues")
    )


@pytest.fixture(scope="module")
def register_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A register of two residents of Xiaoxiguan's first grid, as an Excel workbook."""
    openpyxl = pytest.importorskip("openpyxl")
    from cogov.boundary.identifiers import id_check_character  # noqa: PLC0415
    from cogov.plugins import load_setup  # noqa: PLC0415

    grid = sorted(u.code for u in load_setup("xiaoxiguan").community.units_at("grid"))[0]
    first17 = "42032519880101123"
    id_number = first17 + id_check_character(first17)
    book = openpyxl.Workbook()
    for row in (
        ["姓名", "身份证号", "联系电话", "户号", "网格"],
        ["张新", id_number, 13812345678, "XG-NEW-01", grid],
        ["李新", None, None, "XG-NEW-01", grid],
    ):
        book.active.append(row)
    path = tmp_path_factory.mktemp("register") / "花名册.xlsx"
    book.save(path)
    return path, id_number


def test_register_import_from_excel_into_a_community_document(register_book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``cogov register import`` adds the residents to the example's community and writes it as JSON."""
    path, id_number = register_book
    out = tmp_path / "community.json"
    result = cogov("register", "import", path, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "2 residents in 1 new households" in result.stdout
    text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["format"] == "cogov.community"
    assert {"张新", "李新"} <= {p["name"] for p in document["people"]}
    assert id_number not in text  # identifiers never leave the import
    assert "13812345678" not in text
    assert cogov("validate", out).returncode == 0


def test_register_import_into_a_new_store(register_book, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--out a new .sqlite creates a store holding the community; an existing store is refused."""
    path, _ = register_book
    store = tmp_path / "community.sqlite"
    result = cogov("register", "import", path, "--out", store)
    assert result.returncode == 0, result.stderr
    assert "ok" in cogov("validate", store).stdout
    assert "exists" in one_line_error(cogov("register", "import", path, "--out", store))


def test_register_import_of_a_bad_row_names_it_and_masks_the_id(tmp_path: Path) -> None:
    """A bad row is reported with its row number and the ID masked; --skip-bad-rows imports the rest."""
    from cogov.boundary.identifiers import id_check_character  # noqa: PLC0415

    first17 = "42032519880101123"
    id_number = first17 + id_check_character(first17)
    register = tmp_path / "register.csv"
    register.write_text(f"姓名,身份证号,户号,网格\n王五,{id_number},XG-9,no-such-grid\n", encoding="utf-8")
    result = cogov("register", "import", register, "--out", tmp_path / "c.json")
    one_line_error(result)
    assert "row 2" in result.stderr
    assert id_number not in result.stderr + result.stdout
    skipped = cogov("register", "import", register, "--out", tmp_path / "c.json", "--skip-bad-rows")
    assert skipped.returncode == 0, skipped.stderr
    assert "skipped row 2" in skipped.stderr
    assert id_number not in skipped.stderr + skipped.stdout
