"""GET /qgis/{slug}.qgs?category=...: the campaign's QGIS project, for planners."""

import hashlib

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from geo_participation.campaigns.selectors import campaign_by_slug
from geo_participation.errors import Rejected
from geo_participation.openapi import errors
from heatmaps import filters
from layers.exports.access import IsPlanner, LoginPageForPeople

from .document import PROJECT_CRS, project_xml
from .sources import analysis_params, filter_query, project_layers

MEDIA_TYPE = "application/x-qgis-project"


class QgisProjectView(LoginPageForPeople, APIView):
    """Return a QGIS project of a campaign's posts and analysis layers, for planners."""

    # Session, Basic or token, as every planner download (layers.exports.access).
    permission_classes = [IsPlanner]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        responses={
            (200, MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The QGIS project file (.qgs, XML)."
            ),
            **errors(400, 403, 404),
        }
    )
    def get(self, request, slug: str):
        """Answer the campaign's .qgs for the filter in the query string."""
        campaign = campaign_by_slug(slug)
        if campaign is None:
            raise Rejected(f"No campaign {slug[:80]!r}.", code="not_found", status_code=404)
        # Refused here, before anything is computed: a bad filter is a 400 naming it.
        chosen = filters.from_query(campaign, request.query_params)
        query = filter_query(request.query_params)
        params = analysis_params(campaign, request.query_params)
        extent = campaign.area.transform(PROJECT_CRS.split(":")[1], clone=True).extent
        body = project_xml(
            title=_("%(campaign)s (participation)") % {"campaign": campaign.title},
            layers=project_layers(request, campaign, chosen, query, params),
            extent=extent,
        )
        response = HttpResponse(body, content_type=f"{MEDIA_TYPE}; charset=utf-8")
        name = campaign.slug if not (query or params) else f"{campaign.slug}-{_key(chosen, params)}"
        response["Content-Disposition"] = f'attachment; filename="{name}.qgs"'
        # Planner-only: never kept in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response


def _key(chosen, params: dict) -> str:
    # The file name tells filtered projects apart: the filters' key and the parameters.
    text = chosen.key() + "".join(f"&{name}={value}" for name, value in sorted(params.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:8]
