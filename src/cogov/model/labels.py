"""Bilingual labels: the one type for things named by a key in Chinese and English.

Roles, states, issue kinds, meeting kinds, levels, charters, tiers, criteria, rules … each
has a stable ``key`` and a label in two languages, e.g. ``grid_head``, 网格长, grid head.
They inherit :class:`Labelled`, which holds the three fields with their validators and
gives :attr:`~Bilingual.label` (``grid head (网格长)``) and :meth:`~Bilingual.text`.

attrs puts a base class's fields first, so a class that inherits :class:`Labelled` keeps
``key, zh, en`` as its first three fields: its constructor (``RoleSpec("grid_head",
"网格长", "grid head", level="grid")``, positional or by keyword), its canonical form (what
a charter digest is taken of) and its JSON document are exactly those of a class that
declares the three fields itself.  A subclass must also be an attrs class
(``@attrs.frozen``), since the base is frozen and slotted.

:class:`Bilingual` gives the same formatting to values whose ``zh`` and ``en`` are not
preceded by a ``key`` (a workflow :class:`~cogov.model.workflow.Transition`, whose first
fields are its action and states).  :func:`bilingual` and :func:`glossed` format any pair
of names, for text that is not a labelled value (a report's column heads).
"""

from __future__ import annotations

from typing import Final

import attrs

from cogov.errors import UnknownKeyError
from cogov.model import fields

__all__ = ["TEXT_LANGS", "Bilingual", "Labelled", "bilingual", "glossed"]

#: what :meth:`Bilingual.text` accepts: Chinese, English, or both (the bilingual label)
TEXT_LANGS: Final = ("zh", "en", "bi")


def bilingual(zh: str, en: str, *, first: str = "en") -> str:
    """Both names, ``first`` leading and the other in brackets.

    ``bilingual("网格长", "grid head")`` is ``grid head (网格长)``; with ``first="zh"`` it is
    ``网格长 (grid head)``, for tables read mostly in Chinese.
    """
    return f"{zh} ({en})" if first == "zh" else f"{en} ({zh})"


def glossed(zh: str, en: str, lang: str) -> str:
    """A domain term within text written in ``lang``.

    Chinese text needs no gloss (``网格长``); English text names the term's Chinese
    original once (``grid head (网格长)``).
    """
    return zh if lang == "zh" else bilingual(zh, en)


class Bilingual:
    """A value with a Chinese (``zh``) and an English (``en``) name; mixed into attrs classes."""

    # no instance dictionary of its own: the attrs classes that mix it in stay slotted
    __slots__ = ()

    zh: str
    en: str

    @property
    def label(self) -> str:
        """Bilingual label, English first: ``grid head (网格长)``."""
        return bilingual(self.zh, self.en)

    def text(self, lang: str) -> str:
        """The name in ``lang``: ``"zh"`` Chinese, ``"en"`` English, ``"bi"`` both (:attr:`label`)."""
        if lang == "zh":
            return self.zh
        if lang == "en":
            return self.en
        if lang == "bi":
            return self.label
        msg = f"{type(self).__name__}.text: unknown language {lang!r}; choose one of {', '.join(TEXT_LANGS)}"
        raise UnknownKeyError(msg)


@attrs.frozen
class Labelled(Bilingual):
    """A stable ``key`` with its Chinese and English names, e.g. ``grid_head`` 网格长 grid head.

    The base of every keyed bilingual value of the model, the evaluation rules and the
    plugin specs.  Subclass it with ``@attrs.frozen`` and declare the other fields; they
    follow ``key, zh, en``::

        @attrs.frozen
        class PatrolRoute(Labelled):
            length_km: float

        PatrolRoute("river_walk", "沿河巡逻线", "river walk", 2.5).label  # 'river walk (沿河巡逻线)'

    The key is a lower-case identifier (``fields.key``); both names must be non-blank text.
    """

    key: str = attrs.field(validator=fields.key)
    zh: str = attrs.field(validator=fields.label)
    en: str = attrs.field(validator=fields.label)
