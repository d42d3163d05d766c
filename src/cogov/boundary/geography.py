"""Where units are on the ground: points and GeoJSON geometries keyed by unit code.

A community's geography is a GeoJSON ``FeatureCollection`` kept beside its store: each
feature's ``properties.code`` names a unit, its geometry is a ``Point`` (a household, a
building) or a ``Polygon`` / ``MultiPolygon`` (a grid, a compound).  Geography places things
and draws maps; it changes nothing a ledger means, so it is not in the chain: the unit an
issue was recorded at is in its event.

:meth:`Geography.locate` answers "which unit contains this point?" with the deepest unit
whose polygon holds it (point in polygon by shapely, the optional ``geo`` extra); points
alone need no extra.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cogov.errors import InvalidFieldError
from cogov.model.structure import Community

__all__ = ["Geography", "UnitPlace"]

_AREAS = frozenset({"Polygon", "MultiPolygon"})


def _shapely() -> Any:
    try:
        import shapely.geometry  # noqa: PLC0415 - the optional geo extra, loaded when a polygon is met
    except ImportError:  # pragma: no cover - the geo extra is installed wherever polygons are used
        msg = "unit geometries (Polygon, MultiPolygon) need shapely: pip install 'cogov[geo]'"
        raise InvalidFieldError(msg) from None
    return shapely.geometry


def _coordinate(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{where}: expected a finite number, got {value!r}"
        raise InvalidFieldError(msg)
    return float(value)


def check_lat_long(lat: float, long: float, where: str = "lat/long") -> None:
    """Raise unless ``lat`` is in [-90, 90] and ``long`` in [-180, 180]."""
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        msg = f"{where}: ({lat}, {long}) is not on Earth; lat must be in [-90, 90] and long in [-180, 180]"
        raise InvalidFieldError(msg)


@attrs.frozen
class UnitPlace:
    """One unit's place: its GeoJSON geometry and a point to show it at (lat, long)."""

    code: str
    geometry: Mapping[str, Any] = attrs.field(eq=False)
    lat: float
    long: float
    shape: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def is_area(self) -> bool:
        return self.shape is not None


class Geography:
    """Unit places of one community (possibly none: then nothing is located or drawn)."""

    def __init__(self, places: Iterable[UnitPlace] = ()) -> None:
        self._places = {place.code: place for place in places}
        self._areas = [place for place in self._places.values() if place.is_area]

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, code: object) -> bool:
        return code in self._places

    def place(self, code: str) -> UnitPlace | None:
        return self._places.get(code)

    @property
    def has_areas(self) -> bool:
        return bool(self._areas)

    @classmethod
    def from_geojson(cls, document: Mapping[str, Any], source: str = "geography") -> Geography:
        """Read a GeoJSON ``FeatureCollection`` whose features carry ``properties.code``."""
        if not isinstance(document, Mapping) or document.get("type") != "FeatureCollection":
            msg = f"{source}: expected a GeoJSON FeatureCollection (an object with type 'FeatureCollection')"
            raise InvalidFieldError(msg)
        features = document.get("features")
        if not isinstance(features, list):
            msg = f"{source}: 'features' must be a list"
            raise InvalidFieldError(msg)
        places = []
        seen: set[str] = set()
        for index, feature in enumerate(features):
            where = f"{source}: features[{index}]"
            place = _place(feature, where)
            if place.code in seen:
                msg = f"{where}: unit {place.code!r} has a place already; give each unit one feature"
                raise InvalidFieldError(msg)
            seen.add(place.code)
            places.append(place)
        return cls(places)

    @classmethod
    def read(cls, path: str | Path) -> Geography:
        """Read a GeoJSON file (see :meth:`from_geojson`)."""
        path = Path(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            msg = f"{path}: no such file"
            raise InvalidFieldError(msg) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            msg = f"{path}: not a GeoJSON document: {error}"
            raise InvalidFieldError(msg) from None
        return cls.from_geojson(document, str(path))

    def check_units(self, community: Community) -> None:
        """Raise when a place names a unit the community does not have."""
        for code in self._places:
            if not community.has_unit(code):
                msg = f"geography: unit {code!r} is not in the community; check the feature's properties.code"
                raise InvalidFieldError(msg)

    def point(self, code: str) -> tuple[float, float] | None:
        """``(lat, long)`` of unit ``code`` when its place is known."""
        place = self._places.get(code)
        return None if place is None else (place.lat, place.long)

    def outline(self, code: str) -> tuple[tuple[tuple[float, float], ...], ...]:
        """The exterior rings of unit ``code``'s area as (long, lat) points (none for a point)."""
        place = self._places.get(code)
        if place is None or not place.is_area:
            return ()
        kind = place.geometry["type"]
        polygons = [place.geometry["coordinates"]] if kind == "Polygon" else place.geometry["coordinates"]
        return tuple(tuple((float(p[0]), float(p[1])) for p in polygon[0]) for polygon in polygons)

    def locate(self, lat: float, long: float, community: Community) -> str | None:
        """The deepest unit (of ``community``, still in use) whose area contains the point."""
        check_lat_long(lat, long)
        if not self._areas:
            return None
        point = _shapely().Point(long, lat)  # GeoJSON order: x = longitude, y = latitude
        depth = {level.key: i for i, level in enumerate(community.levels)}
        best: tuple[int, str] | None = None
        for place in self._areas:
            if not community.has_unit(place.code) or not place.shape.covers(point):
                continue
            level = depth.get(community.unit(place.code).level, -1)
            if best is None or level > best[0]:
                best = (level, place.code)
        return None if best is None else best[1]

    def feature_collection(
        self, community: Community, level: str, figures: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, Any]:
        """The units of ``level`` that have a place, as GeoJSON features carrying ``figures``."""
        features = []
        for unit in community.units_at(level):
            place = self._places.get(unit.code)
            if place is None:
                continue
            properties = {"code": unit.code, "name_zh": unit.name_zh, "name_en": unit.name_en}
            properties.update(figures.get(unit.code, {}))
            features.append({"type": "Feature", "geometry": dict(place.geometry), "properties": properties})
        return {"type": "FeatureCollection", "features": features}


def _place(feature: object, where: str) -> UnitPlace:
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        msg = f"{where}: expected a GeoJSON Feature"
        raise InvalidFieldError(msg)
    properties = feature.get("properties")
    code = properties.get("code") if isinstance(properties, Mapping) else None
    if not isinstance(code, str) or not code:
        msg = f"{where}: properties.code must name the unit (its code)"
        raise InvalidFieldError(msg)
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    if kind == "Point":
        assert isinstance(geometry, Mapping)
        coordinates = geometry.get("coordinates")
        if not isinstance(coordinates, list | tuple) or len(coordinates) < 2:
            msg = f"{where}: a Point's coordinates are [long, lat]"
            raise InvalidFieldError(msg)
        long = _coordinate(coordinates[0], f"{where}: longitude")
        lat = _coordinate(coordinates[1], f"{where}: latitude")
        check_lat_long(lat, long, where)
        return UnitPlace(code, geometry, lat, long)
    if kind in _AREAS:
        assert isinstance(geometry, Mapping)
        try:
            shape = _shapely().shape(geometry)
        except (ValueError, TypeError, AttributeError, IndexError) as error:
            msg = f"{where}: unit {code!r}: not a valid {kind}: {error}"
            raise InvalidFieldError(msg) from None
        if shape.is_empty or not shape.is_valid:
            msg = f"{where}: unit {code!r}: the {kind} is empty or not valid (self-intersecting?)"
            raise InvalidFieldError(msg)
        inside = shape.representative_point()
        check_lat_long(inside.y, inside.x, where)
        return UnitPlace(code, geometry, inside.y, inside.x, shape)
    msg = f"{where}: unit {code!r}: geometry must be a Point, Polygon or MultiPolygon, got {kind!r}"
    raise InvalidFieldError(msg)
