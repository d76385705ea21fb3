"""One error shape for the whole API: {"detail": ..., "code": ...} plus context fields."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from geo_participation.health import outages


class Rejected(APIException):
    """A request refused for a reason the caller can fix; the message names the problem."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, detail, *, code=None, status_code=None, **context):
        super().__init__(detail, code)
        self.code = code or self.default_code
        if status_code is not None:
            self.status_code = status_code
        self.context = context


def exception_handler(exc, context):
    """Return DRF's response, reshaped so that every error names its problem in `detail`."""
    # Imported here: rest_framework.views reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if outages.is_outage(exc):
        # The database or the cache is out (in a throttle, an authenticator or the view):
        # 503 with Retry-After, as OutageMiddleware answers outside DRF.
        set_rollback()
        outages.log_outage(context["request"], exc)
        return Response(outages.outage_body(), status=503, headers=outages.retry_headers())
    if isinstance(exc, DjangoValidationError):
        exc = Rejected(" ".join(exc.messages))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Rejected):
        response.data = {"detail": str(exc.detail), "code": exc.code, **exc.context}
    elif isinstance(response.data, dict) and "detail" not in response.data:
        # Field errors from serializers: keep them, and add a readable summary.
        summary = "; ".join(
            f"{field}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
            for field, msgs in response.data.items()
        )
        response.data = {"detail": summary, "code": "invalid", "errors": response.data}
    elif isinstance(response.data, dict):
        response.data = {"code": _code(exc), **response.data}
    return response


def _code(exc):
    # DRF turns Django's Http404 and PermissionDenied into its own; name them the same way.
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, DjangoPermissionDenied):
        return "permission_denied"
    return getattr(exc, "default_code", "error")


def _api_error(request, status: int, detail: str, code: str):
    """Return the API's JSON error for an /api/ path; None for a page, which gets a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    return None


def api_not_found(request, exception=None):
    """Answer unknown /api/ paths with the API's JSON error; pages with templates/404.html."""
    answer = _api_error(request, 404, _("No such API path."), "not_found")
    return answer or defaults.page_not_found(request, exception)


def api_permission_denied(request, exception=None):
    """Answer a refusal on /api/ with JSON; pages with templates/403.html."""
    answer = _api_error(request, 403, _("Access denied."), "permission_denied")
    return answer or defaults.permission_denied(request, exception)


def api_server_error(request):
    """Answer a server error on /api/ with JSON; pages with templates/500.html.

    That template is rendered without the request's context processors, so it queries nothing:
    the error may be that the database is gone.
    """
    answer = _api_error(request, 500, _("Server error."), "server_error")
    return answer or defaults.server_error(request)
