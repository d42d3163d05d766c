"""User data on a terminal: always plain text, never markup or escape sequences.

rich reads ``[bold]`` in a string as markup, so a unit named ``[/]`` crashed ``cogov report``
and ``[link=…]`` made a hyperlink; raw ESC, BEL and bidirectional overrides in a name reach
the terminal and can recolour it, retitle it or reorder what is shown.  :func:`plain_text` turns
any value into a :class:`rich.text.Text` (never parsed as markup) whose control characters
are shown as visible escapes (``\\x1b``), so what a user reads is what the data holds.
"""

from __future__ import annotations

import re
from typing import Final

from rich.text import Text

__all__ = ["escape_controls", "plain_text"]

#: C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(value: str) -> str:
    """``value`` with every control character written as a visible escape (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(_visible, value)


def plain_text(value: object) -> Text:
    """``value`` as terminal text: no markup is interpreted and no control character is sent."""
    return Text(escape_controls(str(value)))
