"""Stored aggregate results: one run per campaign, kind, parameters and published version.

Each run keeps the parameters that made it, so every output can say how it was computed. Runs
are keyed by the campaign's published_version (bumped by database triggers whenever what the
campaign publishes changes), so a stale run is never served: a new version means a new run.
"""

from django.contrib.gis.db import models
from django.db.models import Q

from geo_participation.campaigns.models import Campaign


class Kind(models.TextChoices):
    """The kinds of stored aggregate run."""

    GRID = "grid", "Grid cells"
    HOTSPOTS = "hotspots", "Getis-Ord Gi* hotspots"
    CLUSTERS = "clusters", "DBSCAN clusters"


class AggregateRun(models.Model):
    """One computed aggregate of a campaign at one published version, with its arguments."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The normalised arguments plus what was derived from them (cell size in EPSG:3857 units,
    # weights, thresholds): everything needed to say how the result was made. k is not here:
    # suppression is applied when reading, so one run serves every k.
    params = models.JSONField()
    params_key = models.CharField(max_length=64, help_text="SHA-256 of the normalised arguments.")
    published_version = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "params_key", "published_version"],
                name="aggregaterun_unique",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="aggregaterun_kind"),
        ]

    def __str__(self):
        return f"{self.kind} of campaign {self.campaign_id} at v{self.published_version}"

    def describe(self) -> dict:
        """Return the run's identity and timing, as outputs report it."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "published_version": self.published_version,
            "created_at": self.created_at.isoformat(),
            "duration_ms": self.duration_ms,
        }


class GridCell(models.Model):
    """One cell of a grid or hotspot run; counted by heatmaps/sql/grid_cells.sql."""

    # Not indexed alone: the unique (run, cell_i, cell_j) index serves lookups by run.
    run = models.ForeignKey(
        AggregateRun, on_delete=models.CASCADE, related_name="cells", db_index=False
    )
    # The indexes ST_HexagonGrid / ST_SquareGrid give the cell (origin 0,0 in EPSG:3857).
    cell_i = models.IntegerField()
    cell_j = models.IntegerField()
    # Web Mercator only: cells are made there, and readers transform just the cells they show
    # (a hotspot run stores every cell of the area, most of them never shown).
    geom_3857 = models.PolygonField(srid=3857, spatial_index=False)
    total = models.IntegerField()
    contributors = models.IntegerField()
    support_sum = models.BigIntegerField()
    # {category key: submissions} and {category key: distinct contributors}: the second lets a
    # reader hide a category's count that fewer than k people make.
    counts = models.JSONField(default=dict)
    category_contributors = models.JSONField(default=dict)
    # Gi* results (hotspot runs only).
    z = models.FloatField(null=True)
    p_norm = models.FloatField(null=True)
    p_sim = models.FloatField(null=True)
    confidence = models.SmallIntegerField(null=True)
    hotspot = models.CharField(max_length=4, blank=True)

    class Meta:
        indexes = [
            # No GiST index: keeping it up to date doubled the time to store 50,000 cells, and a
            # tile reads one run's shown cells from this index and tests && on each (a few ms).
            models.Index(fields=["run", "contributors"], name="gridcell_run_contributors"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["run", "cell_i", "cell_j"], name="gridcell_unique"),
        ]


class Cluster(models.Model):
    """One DBSCAN cluster of a cluster run; written by heatmaps/sql/clusters.sql."""

    run = models.ForeignKey(AggregateRun, on_delete=models.CASCADE, related_name="clusters")
    label = models.IntegerField(help_text="1 is the cluster with the most members.")
    members = models.IntegerField()
    contributors = models.IntegerField()
    support_sum = models.BigIntegerField()
    counts = models.JSONField(default=dict)
    category_contributors = models.JSONField(default=dict)
    hull = models.PolygonField(srid=4326)

    class Meta:
        indexes = [models.Index(fields=["run", "contributors"], name="cluster_run_contributors")]
        constraints = [
            models.UniqueConstraint(fields=["run", "label"], name="cluster_unique"),
        ]
