"""What every request body must be before any view or middleware parses it.

One middleware, right after SecurityMiddleware, refuses:
- a declared charset Python cannot decode text with (unknown, or a transform such as rot13 or
  base64, which Django would otherwise try and fail with): 415 unsupported_charset;
- a body over the limit of what it is, by its Content-Length, unread: 413 body_too_large. A JSON
  body to the API is at most GP_MAX_BODY_BYTES (the parser's own limit, so the same answer
  whatever the size); another body that Django holds in memory is at most
  DATA_UPLOAD_MAX_MEMORY_SIZE; a multipart body (a photo) is left to its endpoint.

A chunked body (Transfer-Encoding: chunked, no Content-Length) is read here, up to the same
limits, into a spooled file that stands in for the request's stream: gunicorn de-chunks it into
wsgi.input, but Django reads only Content-Length bytes of a request, so it would see none.

The API and the delivery endpoints answer in the JSON error shape {"detail", "code", ...};
pages answer a short HTML page.
"""

import codecs
import html
import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse, JsonResponse
from django.utils.http import parse_header_parameters

# Paths answered in JSON: the API and the delivery endpoints of layers/ (layers/urls.py).
JSON_PREFIXES = ("/api/", "/tiles/", "/heatmaps/", "/ogc/", "/exports/", "/reports/")
MULTIPART = "multipart/form-data"
CHUNK = 64 * 1024
# Where defuse_charsets() leaves the charset it took off Content-Type.
DEFUSED = "geo_participation.refused_charset"


def usable_charset(name: str) -> bool:
    """Return whether bytes can be decoded as text in this charset."""
    try:
        codec = codecs.lookup(name)
        # What bytes.decode() refuses: rot13, base64, hex and zlib are transforms, not text.
        if not codec._is_text_encoding:
            return False
        # Not final: UTF-16 keeps a lone byte for later; "undefined" refuses everything.
        codec.incrementaldecoder("strict").decode(b"a", final=False)
    except (LookupError, UnicodeError, ValueError, TypeError, AttributeError):
        return False
    return True


def body_limit(request) -> int | None:
    """Return the largest body this request may carry, or None when its endpoint decides."""
    if request.content_type == MULTIPART:
        if request.META.get("CONTENT_LENGTH"):
            return None  # the photo endpoint refuses by Content-Length itself, unread
        from geo_participation.submissions.photos.api import MULTIPART_OVERHEAD

        # Chunked: read here, so bounded here, by the largest photo upload.
        return max(settings.GP_PHOTO_MAX_BYTES + MULTIPART_OVERHEAD, _memory_limit() or 0)
    if request.path.startswith("/api/"):
        return settings.GP_MAX_BODY_BYTES
    return _memory_limit()


def _memory_limit() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _refusal(request, status: int, detail: str, code: str, **context):
    if request.path.startswith(JSON_PREFIXES):
        return JsonResponse({"detail": detail, "code": code, **context}, status=status)
    title = {411: "Length Required", 413: "Content Too Large", 415: "Unsupported Media Type"}
    page = (
        f'<!doctype html>\n<html lang="en">\n<head><title>{title[status]} ({status})</title>'
        f"</head>\n<body><h1>{title[status]} ({status})</h1><p>{html.escape(detail)}</p>"
        "</body>\n</html>\n"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def _too_large(request, limit: int):
    detail = f"Request body is larger than {limit} bytes."
    return _refusal(request, 413, detail, "body_too_large", limit=limit)


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _is_chunked(request) -> bool:
    coding = request.META.get("HTTP_TRANSFER_ENCODING", "")
    return "chunked" in coding.lower() and _declared_length(request) is None


def _read_chunked(request, limit: int | None):
    """Read a de-chunked body into a spooled file and make it the request's stream.

    Return the spooled file, or None when the body is over the limit (read no further).
    """
    source = request.META["wsgi.input"]
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            spool.close()
            return None
        spool.write(chunk)
    spool.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    request._stream = LimitedStream(spool, size)
    return spool


def defuse_charsets(application):
    """Wrap the WSGI application: take an unusable charset off Content-Type, for the middleware.

    Django decodes the query string in the request's charset while it builds the request
    (before any middleware), so rot13 with a query string, or an RFC 2231 charset*= it cannot
    read, would be a 500 there. The middleware then refuses the request with its 415.
    """

    def defused(environ, start_response):
        return application(defuse_environ(environ), start_response)

    return defused


def defuse_environ(environ: dict) -> dict:
    """Return the WSGI environ with an unusable charset moved from Content-Type to DEFUSED."""
    content_type = environ.get("CONTENT_TYPE", "")
    try:
        main, params = parse_header_parameters(content_type)
        charset = params.get("charset")
    except ValueError:  # charset*= in a charset Django cannot look up
        main, charset = content_type.split(";")[0].strip().lower(), content_type
    if charset is not None and not usable_charset(charset):
        environ["CONTENT_TYPE"], environ[DEFUSED] = main, charset
    return environ


class RequestLimitsMiddleware:
    """Refuse an unusable charset (415) and an oversized body (413); read chunked bodies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Return the refusal of a body no view should parse, or the view's response."""
        charset = request.META.get(DEFUSED, request.content_params.get("charset"))
        if charset is not None and not usable_charset(charset):
            return _refusal(
                request,
                415,
                f"The charset {charset[:40]!r} is not one text can be decoded with; send UTF-8.",
                "unsupported_charset",
                charset=charset[:40],
            )
        limit = body_limit(request)
        if not _is_chunked(request):
            length = _declared_length(request)
            if limit is not None and length is not None and length > limit:
                return _too_large(request, limit)
            return self.get_response(request)
        spool = _read_chunked(request, limit)
        if spool is None:
            return _too_large(request, limit)
        with spool:
            return self.get_response(request)
