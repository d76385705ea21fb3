"""The optional outside geocoder (GP_GEOCODER_URL): Nominatim or Photon, asked by our server.

The citizen's browser never talks to it, and nothing of the citizen's request goes along: no
address, cookie, language or User-Agent; the operator sees the query text and our server's IP.
Answers are cached for a day per normalised query and area, calls are throttled for the whole
site (Nominatim's usage policy asks for one a second at most), and any failure, timeout or
refusal falls back to our own gazetteer: a search never answers 500 because of it.
"""

import hashlib
import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point
from django.core.cache import cache

from geo_participation.cache import count_in_window

from .keys import search_key

log = logging.getLogger(__name__)
USER_AGENT = "geo_participation/0.1 (citizen participation; server-side place search)"
MAX_RESULTS = 10
# What an answer may be at most: ten features are a few kilobytes, a megabyte is not a search.
MAX_BYTES = 1_000_000


def search(*, query: str, area) -> list[dict] | None:
    """Return up to 10 GeoJSON Features from the geocoder inside area, or None to fall back."""
    key = _cache_key(query, area)
    found = cache.get(key)
    if found is not None:
        return found
    limit, period = _rate()
    if count_in_window("geocoder:outbound", period)[0] > limit:
        return None  # over the site-wide rate: answer from our gazetteer instead of waiting
    try:
        document = _fetch(_url(query, area))
        found = [f for f in map(_feature, document.get("features", [])) if f]
    except Exception as exc:  # noqa: BLE001 - whatever fails out there, our gazetteer answers
        log.warning("geocoder failed, answering from the gazetteer: %s", exc)
        return None
    if area is not None:
        found = [f for f in found if area.intersects(Point(*f["geometry"]["coordinates"]))]
    found = found[:MAX_RESULTS]
    cache.set(key, found, settings.GP_GEOCODER_CACHE_SECONDS)
    return found


def _rate() -> tuple[int, int]:
    count, _, period = settings.GP_GEOCODER_RATE.partition("/")
    return int(count), {"second": 1, "minute": 60}[period]


def _cache_key(query: str, area) -> str:
    bbox = tuple(round(v, 5) for v in area.extent) if area is not None else ()
    digest = hashlib.sha256(repr((settings.GP_GEOCODER_URL, search_key(query), bbox)).encode())
    return f"geocoder:{digest.hexdigest()[:40]}"


def _url(query: str, area) -> str:
    base = settings.GP_GEOCODER_URL.rstrip("/")
    if settings.GP_GEOCODER_KIND == "photon":
        params = {"q": query, "limit": MAX_RESULTS, "lang": "de"}
        if area is not None:
            params["bbox"] = ",".join(str(v) for v in area.extent)
        return f"{base}/api?{urllib.parse.urlencode(params)}"
    params = {"q": query, "format": "geojson", "limit": MAX_RESULTS, "addressdetails": 1}
    if area is not None:
        minx, miny, maxx, maxy = area.extent
        params.update(viewbox=f"{minx},{maxy},{maxx},{miny}", bounded=1)
    return f"{base}/search?{urllib.parse.urlencode(params)}"


def _fetch(url: str) -> dict:
    # A fresh request with only our own headers: nothing of the citizen's is copied over.
    request = urllib.request.Request(  # noqa: S310 - the operator's configured http(s) URL
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/geo+json, application/json"}
    )
    with urllib.request.urlopen(request, timeout=settings.GP_GEOCODER_TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read(MAX_BYTES))


def _feature(raw: dict) -> dict | None:
    """Return a geocoder's GeoJSON Feature in our shape (name, kind, label), or None."""
    properties = raw.get("properties") or {}
    point = GEOSGeometry(json.dumps(raw["geometry"]), srid=4326).point_on_surface
    name, kind = _name_and_kind(properties)
    if not name:
        return None
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]},
        "properties": {
            "name": name,
            "kind": kind,
            "label": properties.get("display_name") or _photon_label(properties, name),
        },
    }
    bbox = raw.get("bbox") or _photon_bbox(properties)
    if bbox and len(bbox) == 4 and bbox[0] != bbox[2]:
        feature["bbox"] = [round(float(v), 7) for v in bbox]
    return feature


def _name_and_kind(p: dict) -> tuple[str, str]:
    address = p.get("address") or {}
    street = p.get("street") or address.get("road")
    number = p.get("housenumber") or address.get("house_number")
    if number and street:
        return f"{street} {number}", "address"
    category = p.get("category") or p.get("osm_key")
    kind = {"highway": "street", "place": "place", "boundary": "place"}.get(category, "poi")
    return p.get("name") or street or "", kind


def _photon_label(p: dict, name: str) -> str:
    return ", ".join(dict.fromkeys(x for x in (name, p.get("city")) if x))


def _photon_bbox(p: dict):
    # Photon's extent is [minlon, maxlat, maxlon, minlat].
    extent = p.get("extent")
    if extent and len(extent) == 4:
        return [extent[0], extent[3], extent[2], extent[1]]
    return None
