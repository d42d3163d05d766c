"""cogov plugin for Xiaoxiguan community (小西关社区), Chengguan town, Fang county, Hubei."""

from __future__ import annotations

COMMUNITY_CODE = "420325100001"

__all__ = ["COMMUNITY_CODE"]
