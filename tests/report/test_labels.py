"""Every label the report and the command line ask for exists in Chinese and in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cogov.cli
import cogov.report
from cogov.report import LANGS, check_lang, translate


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for package in (cogov.report, cogov.cli):
        for path in Path(package.__file__).parent.glob("*.py"):
            keys.update(re.findall(r'\bt\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    return keys


def test_every_used_label_exists_in_both_languages() -> None:
    """Each translate("key") in the report and CLI sources has a non-empty, distinct zh and en text."""
    keys = _used_keys()
    assert len(keys) > 20
    for key in keys:
        zh, en = translate(key, "zh"), translate(key, "en")
        assert zh.strip()
        assert en.strip()
        assert re.search(r"[\u4e00-\u9fff]", zh), key


def test_unknown_label_and_language_are_errors() -> None:
    """A missing label or an unsupported language is an error, not a silent blank."""
    with pytest.raises(KeyError, match="no_such_label"):
        translate("no_such_label", "zh")
    with pytest.raises(KeyError, match="choose one of zh, en"):
        check_lang("de")
    assert LANGS == ("zh", "en")
