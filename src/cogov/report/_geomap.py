"""The grid map drawn on real geometry: each grid's outline, coloured by issues per 100 households.

Used when every grid of the report has an outline (the community's geography gives one);
otherwise the report keeps the tile map (:func:`cogov.report._svg.grid_map`).  Longitude and
latitude are projected equirectangularly with the longitude scaled by the cosine of the
middle latitude, which keeps shapes true at the size of a community.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from cogov.report._labels import t
from cogov.report._model import GridCell
from cogov.report._svg import _attr, _density_text, _fit, _heat, _Svg

__all__ = ["geometry_map"]


def geometry_map(grids: Sequence[GridCell], lang: str, *, width: float = 640) -> str:
    """The grid map on the grids' outlines (one mark per grid, ``data-code`` its unit code)."""
    points = [p for grid in grids for ring in grid.outline for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * stretch, 1e-9)
    span_y = max(north - south, 1e-9)
    pad = 8.0
    scale = (width - 2 * pad) / span_x
    map_h = min(span_y * scale, 1.5 * width)
    scale = min(scale, (map_h or 1) / span_y)
    height = pad * 2 + span_y * scale + 48

    def xy(point: tuple[float, float]) -> tuple[float, float]:
        return pad + (point[0] - west) * stretch * scale, pad + (north - point[1]) * scale

    densities = [g.issues_per_100_households for g in grids]
    low, top = min(densities), max(densities)
    spread = top - low
    svg = _Svg("grid_map", width, height, t("grid_map", lang))
    for grid in grids:
        share = (grid.issues_per_100_households - low) / spread if spread else 0.5
        path = " ".join(
            "M " + " L ".join(f"{_attr(x)} {_attr(y)}" for x, y in map(xy, ring)) + " Z"
            for ring in grid.outline
        )
        tip = "\n".join(
            [
                grid.label.text(lang),
                f"{t('issues', lang)}: {grid.issues} ({t('resolved', lang)} {grid.resolved})",
                _density_text(grid.issues_per_100_households, lang),
            ]
        )
        svg.raw(
            f'<path class="mark" d="{path}" fill="{_heat(share)}" stroke="#fff" stroke-width="1.5" '
            f'data-value="{grid.issues_per_100_households:.2f}" data-code="{grid.code}"><title>{escape(tip)}</title></path>'
        )
    for grid in grids:  # names over every outline, after all fills
        ring = max(grid.outline, key=len)
        xs, ys = zip(*map(xy, ring), strict=True)
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        room = max(xs) - min(xs)
        svg.text(cx, cy + 4, _fit(grid.label.text(lang), max(room - 4, 24), 11), size=11, anchor="middle")
    ly = height - 34
    svg.text(pad, ly + 11, t("density", lang), size=11, fill="#666")
    svg.text(pad, ly + 26, f"{low:.1f} – {top:.1f}", size=10, fill="#666")
    return svg.render()
