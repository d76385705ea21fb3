"""The API's OpenAPI description of its errors: one component, and the answers of every operation.

The shape itself is made in geo_participation/errors.py; this module only describes it. Views
name the 4xx answers of their own (`errors(400, 404)`); the hook adds those that every operation
can give: 401 (wrong credentials), 429 (a locked login or a throttle) and 503 (an outage), and,
where a body is read, 413 and 415.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERROR_COMPONENT = "Error"

DESCRIPTIONS = {
    400: _("The request is malformed or a parameter or field is invalid; `detail` names it."),
    401: _("The credentials are wrong, or the operation needs an account."),
    403: _("The account may not do this, or a write came from another site."),
    404: _("Nothing with this id or slug (or nothing the viewer may see)."),
    409: _("The state changed: already decided, or a different photo than the one confirmed."),
    413: _("The body (or the image) is larger than the API accepts."),
    415: _("The body's media type or charset is not accepted."),
    422: _("The Idempotency-Key was used before with a different request."),
    429: _("Too many requests or failed logins; wait Retry-After seconds."),
    503: _("The database or the cache is unreachable; retry after Retry-After seconds."),
}
WRITES = frozenset({"post", "put", "patch", "delete"})
RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "minimum": 0},
}


class ErrorSerializer(serializers.Serializer):
    """The API's error: what went wrong in `detail`, a stable `code`, perhaps context fields."""

    detail = serializers.CharField(help_text="What is wrong, in the requested language.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found`.")
    errors = serializers.DictField(
        required=False, help_text="Field errors of a body, by field name (code `invalid`)."
    )


def errors(*codes: int) -> dict:
    """Return the documented error responses of these status codes, for extend_schema."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=DESCRIPTIONS[code]) for code in codes
    }


def _error_response(code: int) -> dict:
    response = {
        "description": str(DESCRIPTIONS[code]),
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}
        },
    }
    if code in (429, 503):
        response["headers"] = {"Retry-After": RETRY_AFTER}
    return response


def add_common_errors(result, generator, request, public):
    """Add to every operation the errors any operation can answer (a postprocessing hook)."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            codes = [401, 429, 503]
            if "requestBody" in operation:
                codes += [400, 413, 415]
            if method in WRITES:
                # Basic or token writes: not from another site (403), JSON only (415).
                codes += [403, 415]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(str(code), _error_response(code))
            for code, response in responses.items():
                if code in ("429", "503"):
                    response.setdefault("headers", {"Retry-After": RETRY_AFTER})
    return result
