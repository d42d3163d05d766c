"""``cogov open311 export`` and ``import`` as a user runs them (real subprocesses, a real store)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import assert_one_line_error, cogov

from .conftest import GRID, HOUSEHOLD, INTAKE
from .shapes import check_requests_json, check_requests_xml


def test_import_then_export_in_both_formats_and_import_again_is_a_no_op(store_path: Path) -> None:
    """Imported requests are recorded once; export gives them back as JSON and XML."""
    requests = store_path.parent / "requests.json"
    requests.write_text(
        json.dumps(
            [
                {
                    "service_code": "dispute",
                    "description": "noise",
                    "address_id": HOUSEHOLD,
                    "phone": "13812345678",
                },
                {"service_code": "hidden_risk", "description": "loose cable", "address_string": "grid 1"},
            ]
        ),
        encoding="utf-8",
    )
    first = cogov("open311", "import", requests, store_path, "--actor", INTAKE)
    assert first.returncode == 0, first.stderr
    assert "2 requests recorded, 0 already there" in first.stdout
    again = cogov("open311", "import", requests, store_path, "--actor", INTAKE)
    assert "0 requests recorded, 2 already there" in again.stdout
    exported = cogov("open311", "export", store_path, "--lang", "en")
    assert exported.returncode == 0, exported.stderr
    items = check_requests_json(exported.stdout.encode())
    assert sorted(i["address_id"] for i in items) == sorted([HOUSEHOLD, GRID])
    assert "13812345678" not in exported.stdout
    out = store_path.parent / "out.xml"
    as_xml = cogov("open311", "export", f"sqlite:///{store_path}", "-o", out)
    assert as_xml.returncode == 0, as_xml.stderr
    assert len(check_requests_xml(out.read_bytes())) == 2


def test_bad_input_is_one_line_and_records_nothing(store_path: Path) -> None:
    """A malformed file, an unknown service or an actor without the duty exit 1 with one line."""
    bad = store_path.parent / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    assert "not JSON" in assert_one_line_error(
        cogov("open311", "import", bad, store_path, "--actor", INTAKE), code=1
    )
    bad.write_text(json.dumps([{"service_code": "pothole", "address_id": HOUSEHOLD}]), encoding="utf-8")
    line = assert_one_line_error(cogov("open311", "import", bad, store_path, "--actor", INTAKE), code=1)
    assert "'pothole' is not a service" in line
    bad.write_text(json.dumps([{"service_code": "dispute", "address_id": HOUSEHOLD}]), encoding="utf-8")
    line = assert_one_line_error(cogov("open311", "import", bad, store_path, "--actor", "xxg-nobody"), code=1)
    assert "nothing was recorded" in line
    empty = cogov("open311", "export", store_path)
    assert json.loads(empty.stdout) == []
    missing = cogov("open311", "export", store_path.parent / "absent.db")
    assert_one_line_error(missing, code=1)
