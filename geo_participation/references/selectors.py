"""The read paths of reference sections and of one person's rating of a section."""

from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import Case, Value, When

from geo_participation.campaigns.models import Campaign
from geo_participation.gis_functions import DWithinMetres, GeometryType, LineInterpolatePoint
from geo_participation.submissions.models import Submission

from .models import ReferenceFeature


def section_list(*, campaign: Campaign):
    """Return the campaign's sections in layer and upload order, with their layer."""
    return (
        ReferenceFeature.objects.filter(campaign=campaign)
        .select_related("layer")
        .order_by("layer__position", "layer_id", "position", "id")
    )


def section_of(*, campaign: Campaign, section_id) -> ReferenceFeature | None:
    """Return the campaign's section with this id, or None."""
    if not isinstance(section_id, int):
        return None
    return ReferenceFeature.objects.filter(campaign=campaign, pk=section_id).first()


def rater(*, user, client_id: str | None) -> dict | None:
    """Return the lookup naming whose rating it is (account or client), or None for nobody."""
    if user.is_authenticated:
        return {"author": user}
    if client_id:
        return {"author": None, "client_id": client_id}
    return None


def rating_of(*, section: ReferenceFeature, user, client_id: str | None) -> Submission | None:
    """Return this person's rating of the section, whatever its status, or None."""
    who = rater(user=user, client_id=client_id)
    if who is None:
        return None
    return Submission.objects.filter(reference=section, **who).select_related("category").first()


def middle_of(section: ReferenceFeature):
    """Return the section's middle: halfway along a line, a point on an area, the point itself."""
    middle = Case(
        When(
            geom_type="ST_LineString",
            then=LineInterpolatePoint("geom", Value(0.5)),
        ),
        default=PointOnSurface("geom"),
        output_field=GeometryField(srid=4326),
    )
    return (
        ReferenceFeature.objects.filter(pk=section.pk)
        .annotate(geom_type=GeometryType("geom"), middle=middle)
        .values_list("middle", flat=True)
        .get()
    )


def is_near(section: ReferenceFeature, point, metres: float) -> bool:
    """Return whether the point lies within so many metres of the section (on the spheroid)."""
    near = DWithinMetres("geom", Value(point, output_field=GeometryField(srid=4326)), metres)
    return (
        ReferenceFeature.objects.filter(pk=section.pk)
        .annotate(near=near)
        .values_list("near", flat=True)
        .get()
    )


def rated_sections(*, campaign, user, client_id: str | None) -> list[int]:
    """Return the ids of the campaign's sections this visitor rated, whatever the status."""
    who = rater(user=user, client_id=client_id)
    if who is None:
        return []
    ratings = Submission.objects.filter(campaign=campaign, reference__isnull=False, **who)
    return sorted(ratings.values_list("reference_id", flat=True))
