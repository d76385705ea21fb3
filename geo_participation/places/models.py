"""A gazetteer entry: one named street, address, place or point of interest."""

from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q


class Kind(models.TextChoices):
    """What an entry names."""

    STREET = "street", "Street"
    ADDRESS = "address", "Address"
    PLACE = "place", "Place"
    POI = "poi", "Point of interest"


class Place(models.Model):
    """A named street (its ways merged), an address, a place or a point of interest.

    Filled only by `manage.py load_places` (places/loading.py), which replaces all rows at once.
    """

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # What a list shows: "Fruchthallstraße 3, Kaiserslautern" for an address, else the name.
    label = models.CharField(max_length=400)
    # places.keys.search_key(name, with the house number of an address); searched by trigrams.
    key = models.CharField(max_length=400)
    # The whole feature (a street's merged lines, a park's area), for the bbox and "nearest".
    geom = models.GeometryField(srid=4326)
    # Where a search result is shown: a point on the line or inside the area.
    point = models.PointField(srid=4326)

    class Meta:
        indexes = [
            # Fuzzy search reads the named entries only; addresses (most rows of a real
            # gazetteer) are looked up by their exact key once their street is found.
            GinIndex(
                name="places_named_key_trgm",
                fields=["key"],
                opclasses=["gin_trgm_ops"],
                condition=~Q(kind="address"),
            ),
            models.Index(name="places_address_key", fields=["key"], condition=Q(kind="address")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["street", "address", "place", "poi"]),
                name="places_kind_known",
            ),
        ]

    def __str__(self):
        return self.label
