"""Content negotiation, responses and errors shared by every OGC API view."""

import json
from functools import wraps
from pathlib import Path

from django.http import HttpResponse
from django.template import Context, Engine
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import AuthenticationFailed

from geo_participation.accounts.lockout import TooManyLoginFailures
from geo_participation.accounts.viewer import request_viewer
from geo_participation.personal import asked_by_someone
from geo_participation.replicas import version_is_behind
from layers import http

from .documents import GEOJSON, HTML, JSON
from .errors import MethodNotAllowed, OGCError, TooManyRequests, Unauthorized
from .params import output_format, single_values

# A private engine: the pages are self-contained (no static files, no CDN), and the project's
# TEMPLATES need not know about this package.
ENGINE = Engine(dirs=[Path(__file__).resolve().parent / "templates"])


METHODS = ("GET", "HEAD")


def refuse_method(request) -> HttpResponse | None:
    """Return the OGC 405 for a method the read-only API does not have, else None."""
    if request.method in METHODS:
        return None
    error = MethodNotAllowed(
        f"{request.method[:20]} is not allowed here; this API is read-only ({', '.join(METHODS)})."
    )
    response = error_response(error, html=False)
    response["Allow"] = ", ".join(METHODS)
    return response


def endpoint(allowed: frozenset):
    """Wrap a view: GET/HEAD only, checked parameters, negotiated format, OGC errors."""

    def decorate(view):
        # Read-only and never changed by a browser's session: no CSRF token to check, and a POST
        # is answered 405 by the API itself instead of by the CSRF middleware's HTML 403.
        @csrf_exempt
        @wraps(view)
        def wrapped(request, **kwargs):
            refused = refuse_method(request)
            if refused is not None:
                return refused
            html = False
            try:
                params = single_values(request.GET, allowed)
                html = wants_html(request, output_format(params))
                response = view(request, params=params, html=html, **kwargs)
                if not html:
                    response = cacheable(request, response)
            except OGCError as error:
                response = error_response(error, html=html)
            # The answer depends on the format asked for and on who asks (generalisation).
            patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
            return response

        return wrapped

    return decorate


def cacheable(request, response: HttpResponse) -> HttpResponse:
    """Return a JSON answer with its ETag and lifetime, or a 304 when the client has it.

    Shared caches (nginx, docs/operations.md) may keep what an anonymous client gets: the
    published data, generalised. An answer to anyone who says who they are stays private, as
    staff see sensitive places exactly. The ETag hashes the bytes, as every OGC answer
    (landing page, collections) is made from its own mix of campaigns and parameters, unless
    the view gave the answer its version's ETag (versioned).
    """
    if response.status_code != 200:
        return response
    made = http.caching_headers(
        etag=response.get("ETag") or http.strong_etag(response.content),
        private=asked_by_someone(request),
    )
    # Only the validator and the lifetime: CORS of the OGC API is not decided here.
    headers = {name: made[name] for name in ("ETag", "Cache-Control")}
    not_modified = http.not_modified(request, headers)
    if not_modified is not None:
        return not_modified
    for name, value in headers.items():
        response[name] = value
    return response


def versioned(request, response: HttpResponse, campaign, *, made_for: str) -> HttpResponse:
    """Give an answer made from one campaign's published data the ETag of that data's version.

    Items carry the time they were made (timeStamp): a hash of their bytes would never match.
    made_for is the class of viewer the answer was made for (queries.viewer_class): staff get
    sensitive places exactly, so their ETag must never validate the public's copy, or a client
    sending it back (a shared browser) would keep the exact places with a 304.
    """
    # A version older than one already served is no validator: caches must not go back.
    if not version_is_behind(campaign.pk, campaign.published_version):
        parts = (campaign.pk, campaign.published_version, request.get_full_path())
        response["ETag"] = http.strong_etag(*parts, request.get_host(), made_for)
    return response


def wants_html(request, fmt: str | None) -> bool:
    """Return whether to answer in HTML: f=html, or no f and an Accept preferring text/html."""
    if fmt is not None:
        return fmt == "html"
    return request.get_preferred_type([JSON, GEOJSON, HTML]) == HTML


def viewer(request):
    """Return who is asking (session, confirmed Basic credentials or a token), as everywhere."""
    # GIS clients send Basic credentials (GDAL's USERPWD, QGIS) or a token; browsers a session.
    try:
        return request_viewer(request)
    except TooManyLoginFailures as failure:
        challenge = getattr(failure, "auth_header", None)
        raise TooManyRequests(str(failure.detail), wait=failure.wait, challenge=challenge) from None
    except AuthenticationFailed as failure:
        challenge = getattr(failure, "auth_header", None)
        raise Unauthorized(str(failure.detail), challenge=challenge) from None


def json_response(data: dict, content_type: str = JSON, status: int = 200) -> HttpResponse:
    """Return a JSON document."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body.encode(), content_type=content_type, status=status)


def geojson_response(head: dict, features: list[str], crs_uri: str) -> HttpResponse:
    """Return a FeatureCollection from its other members and the features' encoded texts."""
    head_text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    body = f'{head_text[:-1]},"features":[{",".join(features)}]}}'
    return with_crs(HttpResponse(body.encode(), content_type=GEOJSON), crs_uri)


def with_crs(response: HttpResponse, crs_uri: str) -> HttpResponse:
    """Return the response with the Content-Crs header Part 2 asks for."""
    response["Content-Crs"] = f"<{crs_uri}>"
    return response


def html_response(template: str, context: dict, status: int = 200) -> HttpResponse:
    """Return a page rendered from one of this package's templates."""
    body = ENGINE.get_template(f"ogcapi/{template}").render(Context(context))
    return HttpResponse(body, content_type=f"{HTML}; charset=utf-8", status=status)


def document_response(data: dict, *, html: bool, template: str, title: str) -> HttpResponse:
    """Return a JSON document, or the same document as an HTML page."""
    if html:
        return html_response(template, {"title": title, "data": data, "links": data["links"]})
    return json_response(data)


def error_response(error: OGCError, *, html: bool) -> HttpResponse:
    """Return the OGC exception document for an error, as JSON or as a page."""
    data = {"code": error.code, "description": error.description}
    if html:
        response = html_response("error.html", {"title": error.code, "data": data}, error.status)
    else:
        response = json_response(data, status=error.status)
    # The challenge viewer()'s refused credentials carry (geo_participation.accounts: Basic
    # for GIS clients, another scheme for browsers, which must never prompt for a password).
    if isinstance(error, Unauthorized) and error.challenge:
        response["WWW-Authenticate"] = error.challenge
    if isinstance(error, TooManyRequests):
        response["Retry-After"] = str(error.wait)
    return response


def as_text(value) -> str:
    """Return a JSON value for display in a page: text as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
