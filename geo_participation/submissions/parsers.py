"""A JSON parser that refuses oversized bodies (413) and non-finite numbers."""

import json
import math
import sys

from django.conf import settings
from rest_framework.parsers import JSONParser

from geo_participation.errors import Rejected


def _refuse_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _strict_float(text):
    value = float(text)
    if not math.isfinite(value):
        # json turns 1e400 into inf; refuse it rather than store an infinite coordinate.
        raise ValueError(f"number {text} is out of range")
    return value


def _bounded_int(text):
    value = int(text)
    if abs(value) > sys.float_info.max:
        # Coordinates become floats; a number no float can hold is refused here.
        raise ValueError(f"number {text[:20]}... is out of range")
    return value


def _refuse_unstorable(value):
    # PostgreSQL text and jsonb hold neither NUL characters nor lone UTF-16 surrogates
    # ("\\ud800" is valid JSON); refuse them up front, in keys and values alike.
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("strings must not contain NUL (\\u0000) characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError("strings must not contain lone surrogates such as \\ud800") from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key)
            _refuse_unstorable(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unstorable(item)
    return value


class LimitedJSONParser(JSONParser):
    """Parse a JSON body of at most GP_MAX_BODY_BYTES bytes."""

    def parse(self, stream, media_type=None, parser_context=None):
        """Return the parsed body; refuse oversize, non-finite numbers, NUL and lone surrogates."""
        limit = settings.GP_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise Rejected(
                f"Request body is larger than {limit} bytes.",
                code="body_too_large",
                status_code=413,
                limit=limit,
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
            data = json.loads(
                text,
                parse_constant=_refuse_constant,
                parse_float=_strict_float,
                parse_int=_bounded_int,
            )
            return _refuse_unstorable(data)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise Rejected(f"Body is not valid JSON: {exc}", code="parse_error") from exc


class GeoJSONParser(LimitedJSONParser):
    """The same parser for bodies sent as application/geo+json (RFC 7946)."""

    media_type = "application/geo+json"
