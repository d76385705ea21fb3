"""The gazetteer table, its trigram and distance indexes, and the "nearest named street" rule."""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The one home of "the named street or address nearest to a place, within 150 m": the reverse
# endpoint and every submission's `near` call it by name. Distances are on the sphere (geography), so a
# radius in metres means the same at every latitude; the KNN operator <-> walks the partial
# GiST index below nearest first, and ST_DWithin stops the walk at the radius. Ties go to the
# lower id, so a reload of the same extract names the same entry.
NEAREST = """
CREATE INDEX places_near_geog ON places_place USING gist ((geom::geography))
    WHERE kind IN ('street', 'address');
CREATE OR REPLACE FUNCTION gp_place_nearest(g geometry, radius double precision DEFAULT 150)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.id FROM places_place p
    WHERE p.kind IN ('street', 'address')
      AND ST_DWithin(p.geom::geography, ST_Transform(g, 4326)::geography, radius)
    ORDER BY p.geom::geography <-> ST_Transform(g, 4326)::geography, p.id
    LIMIT 1
$$;
"""
NEAREST_BACKWARDS = """
DROP FUNCTION IF EXISTS gp_place_nearest(geometry, double precision);
DROP INDEX IF EXISTS places_near_geog;
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="Place",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("street", "Street"),
                            ("address", "Address"),
                            ("place", "Place"),
                            ("poi", "Point of interest"),
                        ],
                        max_length=8,
                    ),
                ),
                ("label", models.CharField(max_length=400)),
                ("key", models.CharField(max_length=400)),
                ("geom", django.contrib.gis.db.models.fields.GeometryField(srid=4326)),
                ("point", django.contrib.gis.db.models.fields.PointField(srid=4326)),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["key"], name="places_key_trgm", opclasses=["gin_trgm_ops"]
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["street", "address", "place", "poi"])),
                        name="places_kind_known",
                    )
                ],
            },
        ),
        migrations.RunSQL(NEAREST, NEAREST_BACKWARDS),
    ]
