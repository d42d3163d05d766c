"""The layering of ARCHITECTURE.md holds: import-linter checks the contracts in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_import_contracts_are_kept() -> None:
    """Imports point down the layers, the model and engine stay free of I/O, and no package has a cycle."""
    linter = Path(sys.executable).parent / "lint-imports"
    command = str(linter) if linter.exists() else shutil.which("lint-imports")
    assert command is not None, "import-linter is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run(
        [command, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
