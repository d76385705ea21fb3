"""An OpenStreetMap extract by path or URL, as the base map build and the gazetteer take it."""

import shutil
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

DOWNLOAD_TIMEOUT = 60


class Offline(Exception):
    """The extract is a URL and this machine cannot reach it."""


def is_url(source: str) -> bool:
    """Return whether source is an http(s) URL rather than a path."""
    return urlsplit(source).scheme in ("http", "https")


def fetch(source: str, directory: Path) -> Path:
    """Return the extract as a local file, downloading it into directory when it is a URL."""
    if not is_url(source):
        return Path(source)
    target = directory / (Path(urlsplit(source).path).name or "extract.osm.pbf")
    try:
        with urlopen(source, timeout=DOWNLOAD_TIMEOUT) as answer, target.open("wb") as out:  # noqa: S310
            shutil.copyfileobj(answer, out)
    except (URLError, TimeoutError, ConnectionError) as exc:
        raise Offline(source) from exc
    return target
