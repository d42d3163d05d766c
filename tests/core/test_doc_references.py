"""Documentation names only files that exist: every path a page mentions, and every link it makes.

A page that points at ``benchmarks/ledger.py`` or ``../plugins/guide.md`` must find it in the
repository, so a reader (or the docs site) never follows a reference to nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    str(path.relative_to(ROOT))
    for path in [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        ROOT / "CHANGELOG.md",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "plugins").glob("*/README.md"),
    ]
    if path.exists()
)
#: folders whose files a page may name as ``folder/…``: the repository's own, and ``shared/``,
#: the project's working notes beside the repository, which do not ship (a page naming a
#: file there points the reader at nothing)
_TOP = ("src", "tests", "benchmarks", "plugins", "examples", "docs", ".ci", "shared")
#: files of the reader's own project that a page shows how to write (not in this repository)
_READERS_FILES = {
    "docs/how-to/write-a-plugin.md": {
        "src/cogov_taohua",
        "src/cogov_taohua/__init__.py",
        "src/cogov_taohua/plugin.py",
        "tests/test_plugin.py",
    },
}
# `plugins/xiaoxiguan/src/…/data/year-2022.jsonl`, "benchmarks/ledger.py", tests/plugins/broken_plugin.py
_PATH = re.compile(rf"(?<![\w./-])((?:{'|'.join(re.escape(t) for t in _TOP)})/[\w./-]*\w)")
# [text](target) links to local files (not http, not mailto, not #anchors)
_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
# a path written by the reader, not shipped: out/…, ~/…, /tmp/…, or one with placeholders
_WRITTEN = ("out/",)


def _mentions(text: str) -> list[str]:
    # fenced shell blocks name files the reader creates (cogov report ledger.jsonl); paths in
    # them are still checked when they start at a repository folder
    return _PATH.findall(text)


@pytest.mark.parametrize("page", PAGES)
def test_every_file_a_page_names_exists(page: str) -> None:
    """Paths a page mentions that start at a repository folder exist in the repository."""
    text = (ROOT / page).read_text(encoding="utf-8")
    missing = sorted(
        {
            path
            for path in _mentions(text)
            if not path.startswith(_WRITTEN)
            and path not in _READERS_FILES.get(page, ())
            and not (ROOT / path.rstrip(".")).exists()
        }
    )
    assert missing == [], f"{page} names files that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_every_link_of_a_page_leads_to_a_file(page: str) -> None:
    """Relative links resolve, from the page's folder, to files or folders of the repository."""
    path = ROOT / page
    text = path.read_text(encoding="utf-8")
    broken = sorted(
        target
        for target in _LINK.findall(text)
        if "://" not in target and not target.startswith("mailto:") and not (path.parent / target).exists()
    )
    assert broken == [], f"{page} links to nothing: {broken}"
