"""The planner report: GET /reports/{slug}/ answers the campaign's HTML report."""

from csp.decorators import csp
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_participation.openapi import errors
from heatmaps.filters import check_names, from_query
from layers.exports.access import IsPlanner, LoginPageForPeople
from layers.exports.requests import not_found
from layers.http import campaign_by_slug

from .document import build_report

# The report is one self-contained document (folium writes its map code and styles inline, with
# Leaflet's images as data: URLs), so this response alone allows inline script and style. It
# still contacts no one: no network source at all, so a planner's browser showing campaign text
# sends nothing anywhere, and the page can be neither framed nor used to post forms.
OFFLINE_DOCUMENT_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}


class ReportView(LoginPageForPeople, APIView):
    """Return a campaign's self-contained map report, for planners."""

    permission_classes = [IsPlanner]
    renderer_classes = [JSONRenderer]  # for errors; the report itself is HTML

    @extend_schema(
        responses={
            (200, "text/html"): OpenApiResponse(
                OpenApiTypes.STR, description="The self-contained HTML report."
            ),
            **errors(400, 403, 404),
        }
    )
    @method_decorator(csp(OFFLINE_DOCUMENT_POLICY))
    def get(self, request, slug: str):
        """Answer the campaign's HTML report, never to be cached (404 for an unknown slug).

        The query takes the filters of heatmaps.filters (category, since, until, answers.*,
        public_status, min_support): the report then shows only the matching posts.
        """
        campaign = campaign_by_slug(slug)
        if campaign is None:
            raise not_found(f"No campaign {slug!r}.")
        check_names(request.query_params, ())
        chosen = from_query(campaign, request.query_params)
        html = build_report(campaign=campaign, viewer=request.user, filters=chosen)
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        # It shows sensitive places exactly: never in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response
