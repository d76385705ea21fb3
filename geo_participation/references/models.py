"""Reference layers staff upload (proposed bike streets, planned sites) and their sections.

Each ReferenceFeature is one rateable section; a rating is a Submission pointing at it
(Submission.reference), so moderation, public status, supports and tiles apply unchanged.
"""

from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.indexes import GistIndex
from django.db.models import Q
from django.db.models.lookups import Exact, In
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import Campaign, GeometryKind
from geo_participation.gis_functions import GeometryType, NDims


class ReferenceLayer(models.Model):
    """One uploaded layer of a campaign: its name, its geometry kind and its place in the list."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reference_layers"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=GeometryKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GeometryKind.values), name="reference_layer_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.campaign.slug}/{self.name}"


class ReferenceFeature(models.Model):
    """One rateable section of a reference layer: a single point, line or polygon."""

    layer = models.ForeignKey(ReferenceLayer, on_delete=models.CASCADE, related_name="features")
    # The layer's campaign, kept here so the API, aggregation and tiles filter on one column.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reference_features", db_index=True
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # 1, 2, ... along the source feature it was split from; 0: the source feature unsplit.
    section = models.PositiveSmallIntegerField(default=0)
    geom = models.GeometryField(srid=4326)
    # Computed by PostgreSQL, like Submission.geom_3857: tiles filter on it.
    geom_3857 = models.GeneratedField(
        expression=Transform("geom", 3857),
        output_field=models.GeometryField(srid=3857, spatial_index=False),
        db_persist=True,
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["layer", "position", "id"]
        indexes = [GistIndex(fields=["geom_3857"], name="reference_geom_3857_gist")]
        constraints = [
            models.CheckConstraint(condition=Q(geom__isvalid=True), name="reference_geom_valid"),
            # The same shapes submissions take: single 2-D points, lines and polygons.
            models.CheckConstraint(
                condition=In(GeometryType("geom"), ["ST_Point", "ST_LineString", "ST_Polygon"]),
                name="reference_geom_type",
            ),
            models.CheckConstraint(condition=Exact(NDims("geom"), 2), name="reference_geom_2d"),
        ]

    def __str__(self):
        """Return how staff pages and refusals name it: "Pirmasenser Straße, Abschnitt 2"."""
        if self.section:
            return _("%(name)s, section %(number)s") % {"name": self.name, "number": self.section}
        return self.name
