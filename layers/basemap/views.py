"""Serve the base map archive: one HTTP Range per request, a strong ETag, long caching.

MapLibre's pmtiles protocol reads the archive in small ranges (header, directories, tiles), so
every map view is a handful of 206 answers. The style names the archive by its version
(geo_participation/basemap.py), so that URL can be kept for a year; a rebuild gets a new one.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date

from geo_participation.basemap import archive_version
from layers.http import caching_headers, error, not_modified, safe_only

CONTENT_TYPE = "application/vnd.pmtiles"
DAY = 24 * 3600
YEAR = 365 * DAY
CHUNK = 64 * 1024
# One range only (all that the pmtiles reader asks for); a list of ranges gets the whole file.
# At most 18 digits (an exabyte): a longer number is no range of ours, and int() would refuse
# one past 4,300 digits, so such a header is ignored like any other malformed one.
RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")


class Unsatisfiable(Exception):
    """The range starts beyond the end of the archive."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Return the (first, last) bytes a Range header asks for, or None for the whole file.

    A header that is not one well-formed byte range is ignored, as RFC 9110 allows; a range
    that starts beyond the end raises Unsatisfiable.
    """
    match = RANGE.match((header or "").strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":
        # bytes=-n: the last n bytes.
        if int(last) == 0 or size == 0:
            raise Unsatisfiable
        return max(size - int(last), 0), size - 1
    if last and int(last) < int(first):
        return None
    if int(first) >= size:
        raise Unsatisfiable
    return int(first), min(int(last), size - 1) if last else size - 1


def _chunks(path: Path, first: int, last: int):
    with path.open("rb") as file:
        file.seek(first)
        left = last - first + 1
        while left > 0:
            data = file.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def _headers(request, version: str | None, current: str, stat) -> dict:
    # The versioned URL never changes its bytes; the plain one is revalidated daily.
    headers = caching_headers(etag=f'"{current}"', max_age=YEAR if version else DAY)
    if version:
        headers["Cache-Control"] += ", immutable"
    headers["Last-Modified"] = http_date(stat.st_mtime)
    headers["Accept-Ranges"] = "bytes"
    return headers


def _body(request, path: Path, status: int, first: int, last: int, headers: dict):
    headers = headers | {"Content-Length": str(last - first + 1)}
    if request.method == "HEAD":
        return HttpResponse(status=status, content_type=CONTENT_TYPE, headers=headers)
    if status == 200:
        return FileResponse(path.open("rb"), content_type=CONTENT_TYPE, headers=headers)
    chunks = _chunks(path, first, last)
    return StreamingHttpResponse(chunks, status=status, content_type=CONTENT_TYPE, headers=headers)


@safe_only
def archive(request, version: str | None = None):
    """Answer the archive, or the one byte range asked for, with ETag and Last-Modified."""
    current = archive_version()
    if current is None:
        return error("No base map has been built here (make basemap).", "not_found", 404)
    if version is not None and version != current:
        return error("This base map has been rebuilt; reload the map.", "not_found", 404)
    path = Path(settings.GP_BASEMAP_ARCHIVE)
    stat = path.stat()
    headers = _headers(request, version, current, stat)
    if response := not_modified(request, headers):
        return response
    size = stat.st_size
    # If-Range: a range of a file the client no longer has would mix two builds.
    if_range = request.META.get("HTTP_IF_RANGE")
    wanted = request.META.get("HTTP_RANGE") if if_range in (None, headers["ETag"]) else None
    try:
        span = byte_range(wanted, size)
    except Unsatisfiable:
        return error(
            f"The range {wanted[:80]!r} is outside the archive of {size} bytes.",
            "range_not_satisfiable",
            416,
            headers={"Content-Range": f"bytes */{size}"},
        )
    if span is None:
        return _body(request, path, 200, 0, size - 1, headers)
    first, last = span
    headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _body(request, path, 206, first, last, headers)
