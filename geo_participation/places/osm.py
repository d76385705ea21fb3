"""Read the named things of an OpenStreetMap extract (.osm or .osm.pbf) through GDAL's OSM driver.

GDAL's default osmconf.ini gives each layer a few tag columns and packs the other tags into
`other_tags` (hstore text); what we need from there (addr:*, amenity on nodes) is parsed here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyogrio

from .keys import search_key
from .models import Kind

HSTORE_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
POI_KEYS = ("amenity", "shop", "tourism", "leisure", "historic")
# Only rows with a name or a house number are read: in a real extract most nodes have neither.
WHERE = "name IS NOT NULL OR other_tags LIKE '%addr:housenumber%'"
BATCH = 50_000
LAYERS = {
    "points": ("name", "highway", "place", "other_tags"),
    "lines": ("name", "highway"),
    "multipolygons": ("name", *POI_KEYS, "place", "other_tags"),
}


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry as read, before streets are merged."""

    name: str
    kind: str
    label: str
    key: str
    wkb: bytes


def parse_other_tags(text: str | None) -> dict[str, str]:
    """Return the tags GDAL packed into other_tags ('"k"=>"v","k2"=>"v2"')."""
    if not text:
        return {}
    unescape = lambda s: s.replace('\\"', '"').replace("\\\\", "\\")  # noqa: E731
    return {unescape(k): unescape(v) for k, v in HSTORE_PAIR.findall(text)}


def entries(path: str) -> Iterator[Entry]:
    """Yield every named street way, address, place and point of interest of the extract."""
    for layer, columns in LAYERS.items():
        for tags, wkb in _features(path, layer, columns):
            yield from _classify(layer, tags, wkb)


def _features(path, layer, columns):
    """Yield (tags, WKB) of a layer's features, read in batches so a state fits in memory."""
    where = WHERE if "other_tags" in columns else "name IS NOT NULL"
    with pyogrio.raw.open_arrow(
        path, layer=layer, columns=list(columns), where=where, batch_size=BATCH, use_pyarrow=True
    ) as (meta, reader):
        geometry = meta["geometry_name"] or "wkb_geometry"
        for batch in reader:
            rows = batch.to_pylist()
            for row in rows:
                wkb = row.pop(geometry)
                if wkb is None:
                    continue
                tags = parse_other_tags(row.pop("other_tags", None))
                tags.update({k: str(v) for k, v in row.items() if v is not None})
                yield tags, bytes(wkb)


def _classify(layer: str, tags: dict, wkb: bytes) -> Iterator[Entry]:
    name = tags.get("name", "").strip()
    address = _address(tags)
    if address:
        yield _entry(address[0], Kind.ADDRESS, wkb, label=address[1])
    if not name:
        return
    if layer == "lines":
        if tags.get("highway"):
            yield _entry(name, Kind.STREET, wkb)
    elif tags.get("place"):
        yield _entry(name, Kind.PLACE, wkb)
    elif any(tags.get(k) for k in POI_KEYS) or tags.get("railway") == "station":
        yield _entry(name, Kind.POI, wkb)


def _address(tags: dict) -> tuple[str, str] | None:
    street, number = tags.get("addr:street", "").strip(), tags.get("addr:housenumber", "").strip()
    if not (street and number):
        return None
    name = f"{street} {number}"
    city = tags.get("addr:city", "").strip()
    return name, f"{name}, {city}" if city else name


def _entry(name: str, kind: str, wkb: bytes, *, label: str | None = None) -> Entry:
    return Entry(name=name, kind=kind, label=label or name, key=search_key(name), wkb=wkb)
