"""Leaflet and Leaflet.heat, inlined into the report: it must open offline and call no CDN.

folium links its JavaScript and CSS from CDNs; the report instead embeds the same libraries
from Python packages the project installs: Leaflet 1.9.3 (the version folium is written for)
from django-leaflet's static files, and Leaflet.heat from folium's own package data. Leaflet's
CSS images become data URIs, so nothing is fetched even for a control's icon.
"""

import base64
import re
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path


def _leaflet_dir() -> Path:
    # find_spec locates the package without importing it (its __init__ reads Django settings).
    return Path(find_spec("leaflet").origin).parent / "static" / "leaflet"


@cache
def leaflet_js() -> str:
    """Return Leaflet's JavaScript, safe to inline in a script element."""
    return _script_safe((_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))


@cache
def leaflet_css() -> str:
    """Return Leaflet's CSS with its images inlined as data URIs."""
    css = (_leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")
    return re.sub(r"url\((images/[^)]+\.png)\)", _png_data_uri, css)


@cache
def heat_js() -> str:
    """Return Leaflet.heat from folium's package data, safe to inline in a script element."""
    text = (files("folium") / "templates" / "leaflet_heat.min.js").read_text(encoding="utf-8")
    return _script_safe(text)


def _png_data_uri(match) -> str:
    path = _leaflet_dir() / match.group(1)
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"url(data:image/png;base64,{data})"


def _script_safe(text: str) -> str:
    # Inside <script>, the text "</script" would end the element early.
    return text.replace("</script", "<\\/script")
