"""The base map under the citizen map: the configured preset, its third-party origin, its style.

One home for which base map a page shows and whom the visitors' browsers then contact: the map
style (web/style.py), the Content-Security-Policy (csp.py), the privacy page and the note on a
map without a base map all ask here. The archive itself is built and served by layers/basemap/.
"""

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

PRESETS = ("self", "basemapde", "xyz", "none")
# Static files made by scripts/basemap_assets.mjs (scripts/setup.sh assets): one style per
# language and the glyphs its labels use.
STATIC_DIR = "vendor/basemap"
LANGUAGES = ("de", "en")
# Shown in the map credits, in the page's language (the licence asks for the credit, not
# for its English wording).
OSM_CREDIT = gettext_lazy("© OpenStreetMap contributors")
# The fetched basemap.de style is kept this long, so a page view does not ask the BKG again.
REMOTE_STYLE_SECONDS = 24 * 3600
REMOTE_STYLE_TIMEOUT = 5
REMOTE_STYLE_RETRY_SECONDS = 300


def preset() -> str:
    """Return the configured preset (GP_BASEMAP), refusing an unknown one."""
    name = settings.GP_BASEMAP
    if name not in PRESETS:
        raise ImproperlyConfigured(f"GP_BASEMAP must be one of {', '.join(PRESETS)}, not {name!r}")
    return name


def origin(url: str) -> str:
    """Return the scheme and host of a URL, or "" when it has none."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def third_party_origin() -> str:
    """Return the origin the visitors' browsers fetch the base map from, or "" for none."""
    chosen = preset()
    if chosen == "basemapde":
        return origin(settings.GP_BASEMAPDE_STYLE_URL)
    if chosen == "xyz":
        return origin(settings.GP_BASEMAP_XYZ_URL)
    return ""


def archive_version() -> str | None:
    """Return the version of the built archive (from its size and mtime), or None without one."""
    try:
        stat = Path(settings.GP_BASEMAP_ARCHIVE).stat()
    except FileNotFoundError:
        return None
    # A rebuild writes a new file (os.replace), so size and mtime change with the content.
    return hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:20]


@lru_cache(maxsize=8)
def _generated_style(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text())


def generated_style(language: str) -> dict | None:
    """Return the generated OpenMapTiles style for a language (German by default), or None."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    path = finders.find(f"{STATIC_DIR}/style-{language}.json")
    if not path:
        return None
    return _generated_style(path, Path(path).stat().st_mtime_ns)


def available() -> bool:
    """Return whether the map has a base map under it (else the page says so)."""
    chosen = preset()
    if chosen == "self":
        return archive_version() is not None and generated_style(LANGUAGES[0]) is not None
    if chosen == "xyz":
        return bool(settings.GP_BASEMAP_XYZ_URL)
    return chosen == "basemapde"


def _prefixed(style: dict, source_names: dict) -> list:
    """Return the style's layers with ids and sources renamed, so none collides with ours."""
    layers = []
    for layer in style.get("layers", []):
        layer = {**layer, "id": f"basemap-{layer['id']}"}
        if "source" in layer:
            layer["source"] = source_names.get(layer["source"], layer["source"])
        layers.append(layer)
    return layers


def _self_parts(request, language: str) -> dict | None:
    version = archive_version()
    style = generated_style(language)
    if version is None or style is None:
        return None
    archive = reverse("basemap:archive", kwargs={"version": version})
    (name,) = style["sources"]
    sources = {
        # MapLibre hands pmtiles:// URLs to the protocol registered by web/js/basemap.js, which
        # reads the archive with Range requests; its worker needs an absolute URL.
        "basemap": {
            "type": "vector",
            "url": "pmtiles://" + request.build_absolute_uri(archive),
            "attribution": str(OSM_CREDIT),
        }
    }
    glyphs = request.build_absolute_uri(f"{settings.STATIC_URL}{STATIC_DIR}/glyphs/")
    return {
        "sources": sources,
        "layers": _prefixed(style, {name: "basemap"}),
        # Appended after build_absolute_uri, which would percent-encode the braces.
        "glyphs": glyphs + "{fontstack}/{range}.pbf",
    }


def _fetch_remote_style(url: str) -> dict | None:
    """Return the remote style, fetched by this server and kept in the cache, or None."""
    key = "basemap-style:" + hashlib.sha256(url.encode()).hexdigest()
    style = cache.get(key)
    if style is None:
        try:
            with urlopen(url, timeout=REMOTE_STYLE_TIMEOUT) as answer:  # noqa: S310 (operator's URL)
                style = json.load(answer)
        except (URLError, OSError, ValueError) as exc:
            log.warning("basemap: cannot fetch the style %s: %s", url, exc)
            # Remembered briefly, so an unreachable server does not delay every map view.
            cache.set(key, {}, REMOTE_STYLE_RETRY_SECONDS)
            return None
        cache.set(key, style, REMOTE_STYLE_SECONDS)
    return style or None


def _basemapde_parts() -> dict | None:
    style = _fetch_remote_style(settings.GP_BASEMAPDE_STYLE_URL)
    if not style:
        return None
    names = {name: f"basemap-{name}" for name in style.get("sources", {})}
    parts = {
        "sources": {names[name]: source for name, source in style["sources"].items()},
        "layers": _prefixed(style, names),
    }
    for key in ("glyphs", "sprite"):
        if key in style:
            parts[key] = style[key]
    return parts


def _xyz_parts() -> dict | None:
    url = settings.GP_BASEMAP_XYZ_URL
    if not url:
        return None
    source = {
        "type": "raster",
        "tiles": [url],
        "tileSize": 256,
        "maxzoom": 19,
        "attribution": settings.GP_BASEMAP_ATTRIBUTION or xyz_attribution(url),
    }
    layer = {"id": "basemap", "type": "raster", "source": "basemap"}
    return {"sources": {"basemap": source}, "layers": [layer]}


def xyz_attribution(url: str) -> str:
    """Return the credit shown for a raster base map without GP_BASEMAP_ATTRIBUTION."""
    host = urlsplit(url.replace("{", "").replace("}", "")).hostname or ""
    # OpenStreetMap's tile usage policy requires this credit; other providers are named.
    if host == "openstreetmap.org" or host.endswith(".openstreetmap.org"):
        return str(OSM_CREDIT)
    return host


def style_parts(request, language: str) -> dict | None:
    """Return the base map's sources, layers and glyphs (and sprite) to draw under ours."""
    chosen = preset()
    if chosen == "self":
        return _self_parts(request, language)
    if chosen == "basemapde":
        return _basemapde_parts()
    if chosen == "xyz":
        return _xyz_parts()
    return None
