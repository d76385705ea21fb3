"""Place search over HTTP: GET /api/places/?q=&campaign= and /api/places/reverse/?lon=&lat=."""

import math

from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_participation.campaigns.selectors import SLUG, campaign_by_slug
from geo_participation.errors import Rejected
from geo_participation.openapi import errors

from . import geocoder, geojson, selectors
from .throttles import PlacesThrottle

Q_MIN, Q_MAX = 2, 100
RANGES = {"lon": 180, "lat": 90}


def public(data) -> Response:
    """Return data with the caching every place answer has: the same for everyone, short."""
    # Derived from the gazetteer only, never from submissions: shared caches may keep it.
    cache_control = f"public, max-age={settings.GP_PLACES_MAX_AGE}"
    return Response(data, headers={"Cache-Control": cache_control})


def found_places(*, query: str, area) -> dict:
    """Return the search's FeatureCollection: from GP_GEOCODER_URL if set and it answers, else
    from our gazetteer."""
    if settings.GP_GEOCODER_URL:
        features = geocoder.search(query=query, area=area)
        if features:
            return {"type": "FeatureCollection", "features": features}
    return geojson.feature_collection(selectors.place_search(query=query, area=area))


def query_text(params) -> str:
    """Return the q parameter, or refuse it when missing, too short or too long."""
    q = params.get("q")
    if q is None:
        raise Rejected(_("Type what you are looking for in q."), code="missing_q")
    if not Q_MIN <= len(q) <= Q_MAX:
        raise Rejected(
            _("q must be %(min)d to %(max)d characters long.") % {"min": Q_MIN, "max": Q_MAX},
            code="invalid_q",
        )
    return q


def campaign_area(params):
    """Return the area of the campaign named in `campaign`, None without one, or answer 404."""
    slug = params.get("campaign")
    if slug is None:
        return None
    campaign = campaign_by_slug(slug, "area")
    if campaign is None:
        raise Rejected(
            _("No campaign %(slug)r.") % {"slug": slug[:80]}, code="not_found", status_code=404
        )
    return campaign.area


def coordinate(params, name: str) -> float:
    """Return lon or lat as a number within its range, or refuse it."""
    raw = params.get(name, "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and abs(value) <= RANGES[name]):
        raise Rejected(
            _("%(name)s must be a number from -%(max)d to %(max)d.")
            % {"name": name, "max": RANGES[name]},
            code="invalid_position",
        )
    return value


class PlaceSearch(APIView):
    """Find streets, addresses, places and points of interest by name, typos and all."""

    throttle_classes = [PlacesThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": Q_MIN, "maxLength": Q_MAX},
                required=True,
                description="What was typed: a name, perhaps abbreviated, with a house number.",
            ),
            OpenApiParameter(
                "campaign",
                {"type": "string", "pattern": f"^{SLUG.pattern}$"},
                description="Only places inside this campaign's area.",
            ),
        ],
        responses={(200, "application/json"): geojson.COLLECTION_SCHEMA, **errors(400, 404)},
    )
    def get(self, request):
        """Answer the best matches, at most 10, as a GeoJSON FeatureCollection."""
        q = query_text(request.query_params)
        area = campaign_area(request.query_params)
        return public(found_places(query=q, area=area))


class PlaceReverse(APIView):
    """Name a position: the nearest named street or address."""

    throttle_classes = [PlacesThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                name,
                {"type": "number", "minimum": -limit, "maximum": limit},
                required=True,
                description=f"{'Longitude' if name == 'lon' else 'Latitude'}, WGS 84 degrees.",
            )
            for name, limit in RANGES.items()
        ],
        responses={(200, "application/json"): geojson.FEATURE_SCHEMA, **errors(400, 404)},
    )
    def get(self, request):
        """Answer the nearest named street or address within 150 m as a GeoJSON Feature."""
        point = Point(
            coordinate(request.query_params, "lon"),
            coordinate(request.query_params, "lat"),
            srid=4326,
        )
        place = selectors.place_nearest(point=point)
        if place is None:
            raise Rejected(
                _("No named street or address nearby."),
                code="nothing_nearby",
                status_code=404,
            )
        return public(geojson.feature(place))
