"""Submissions, their support ("me too") and idempotency records."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.indexes import GistIndex
from django.db.models import Q
from django.db.models.lookups import Exact, In

from geo_participation.campaigns.models import INITIAL_PUBLIC_STATUS, Campaign, Category
from geo_participation.gis_functions import GeometryType, NDims

MAX_REASON_LENGTH = 2000
# The city's public answer to a post: a few paragraphs, not a document.
MAX_ANSWER_LENGTH = 4000


class Status(models.TextChoices):
    """A submission's moderation state."""

    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Waiting for a moderator: pending, or published at once (post-moderation) and not yet reviewed.
# The moderation queue's filter and the condition of its partial index, which must be the same.
WAITING = Q(status=Status.PENDING) | Q(status=Status.APPROVED, moderated_at__isnull=True)


def _user_or_none(related_name: str) -> models.ForeignKey:
    # Deleting an account keeps the submissions it wrote or decided on, naming no one.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Submission(models.Model):
    """One citizen's mark: a point, line or polygon in a category, with comment and answers."""

    # Indexed together with status below, which also serves lookups by campaign alone.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="submissions", db_index=False
    )
    # RESTRICT, not PROTECT: a category with submissions cannot be deleted on its own, but
    # deleting the whole campaign removes both.
    category = models.ForeignKey(Category, on_delete=models.RESTRICT, related_name="submissions")
    geom = models.GeometryField(srid=4326)
    # The Web Mercator copy is computed by PostgreSQL itself, so bulk loads (COPY) and ORM writes
    # can never disagree with geom; tiles filter on it with its own GiST index.
    geom_3857 = models.GeneratedField(
        expression=Transform("geom", 3857),
        output_field=models.GeometryField(srid=3857, spatial_index=False),
        db_persist=True,
    )
    comment = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The named street or address nearest to the PUBLIC position ("Fruchthallstraße"), empty
    # when none is within 150 m. Stored, so lists and exports of a million rows need no lookup;
    # kept by submissions/near.py and the triggers of migration 0006.
    near = models.CharField(max_length=300, blank=True, db_default="", editable=False)
    author = _user_or_none("submissions")
    # Anonymous authors are recognised by a signed client cookie, so they can see their own
    # pending posts; it is never published.
    client_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = _user_or_none("moderated_submissions")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    support_count = models.PositiveIntegerField(default=0)
    # What became of the post, public once it is published: a key of its campaign's
    # PublicStatus list (a composite foreign key, migration 0007), and the city's answer.
    # Written only by moderation.services.submission_respond, which keeps the history.
    public_status = models.CharField(
        max_length=40, default=INITIAL_PUBLIC_STATUS, db_default=INITIAL_PUBLIC_STATUS
    )
    answer = models.TextField(blank=True, db_default="")
    responded_at = models.DateTimeField(null=True, blank=True)
    # The language the author wrote in (the request's, at intake): their notification mails
    # are in it. Empty for posts from before it was kept: the site's default then.
    language = models.CharField(max_length=8, blank=True, default="", db_default="")
    # Set on a rating: the section of a reference layer it rates (references.services writes
    # it). RESTRICT: a section with ratings cannot be deleted on its own. Named by string:
    # the references app builds on submissions, not the other way round.
    reference = models.ForeignKey(
        "references.ReferenceFeature",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="ratings",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            GistIndex(fields=["geom_3857"], name="submission_geom_3857_gist"),
            models.Index(fields=["campaign", "status"], name="submission_campaign_status"),
            # The moderation queue in its order: it reads only the waiting rows, however many
            # are published, and its text search scans only them (docs/web.md#moderation).
            models.Index(fields=["created_at", "id"], condition=WAITING, name="submission_waiting"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(geom__isvalid=True), name="submission_geom_valid"),
            # Back the intake checks: single 2-D points, lines and polygons only.
            models.CheckConstraint(
                condition=In(GeometryType("geom"), ["ST_Point", "ST_LineString", "ST_Polygon"]),
                name="submission_geom_type",
            ),
            models.CheckConstraint(condition=Exact(NDims("geom"), 2), name="submission_geom_2d"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="submission_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REJECTED) | ~Q(moderation_reason=""),
                name="submission_rejection_has_reason",
            ),
            # One rating per section and person: an account, or else an anonymous client.
            models.UniqueConstraint(
                fields=["reference", "author"],
                condition=Q(reference__isnull=False, author__isnull=False),
                name="rating_once_per_author",
            ),
            models.UniqueConstraint(
                fields=["reference", "client_id"],
                condition=Q(reference__isnull=False, author__isnull=True) & ~Q(client_id=""),
                name="rating_once_per_client",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.category_id} ({self.status})"


# The tile cells' base grid: the pixel grid of zoom 12 tiles with 256 cells a side, 2^20 cells
# across the Web Mercator square. The cells are kept at this level and at each coarser one down
# to 13, a cell of level L - 1 the union of 2 x 2 cells of level L, so an aggregated tile reads
# one stored cell (per category) for each cell it shows (see layers.tiles.sql). Migration 0004
# writes these numbers into its SQL; changing them needs a migration.
TILE_CELL_LEVEL = 20
TILE_CELL_LEVELS = (20, 19, 18, 17, 16, 15, 14, 13)
TILE_CELL_SIZE = 2 * 20037508.342789244 / (1 << TILE_CELL_LEVEL)  # EPSG:3857 units


class TileCell(models.Model):
    """Approved submissions of one category counted per grid cell; kept by triggers.

    Written only by PostgreSQL (migration 0004's triggers, and rebuild_tile_cells): each
    submission counts once per level in the exact variant (at its point on surface) and once
    per level in the public one (sensitive categories snapped to the campaign's grid first).
    """

    pk = models.CompositePrimaryKey("campaign", "exact", "level", "cx", "cy", "category")
    # DO_NOTHING: deleting a campaign deletes its submissions, and their trigger its cells.
    campaign = models.ForeignKey(Campaign, on_delete=models.DO_NOTHING, related_name="+")
    exact = models.BooleanField()
    level = models.SmallIntegerField()  # 2^level cells across the world; one of TILE_CELL_LEVELS
    cx = models.IntegerField()  # cell column, from the west
    cy = models.IntegerField()  # cell row, from the north
    category = models.ForeignKey(Category, on_delete=models.DO_NOTHING, related_name="+")
    count = models.IntegerField()
    support_sum = models.IntegerField()

    class Meta:
        indexes = [
            # What a tile reads: the cells of its envelope at one level, as integer ranges,
            # without visiting the table (an index-only scan).
            models.Index(
                fields=["campaign", "exact", "level", "cx", "cy"],
                include=["category", "count", "support_sum"],
                name="tilecell_tile_cover",
            ),
            # Almost always empty: the triggers find the cells they emptied through it.
            models.Index(fields=["count"], condition=Q(count__lte=0), name="tilecell_emptied"),
        ]

    def __str__(self):
        where = f"{self.campaign_id}/{self.level}/{self.cx}/{self.cy}"
        return f"{where} {self.category_id}: {self.count}"


class Support(models.Model):
    """One "me too" for a submission, by a user or an anonymous client, at most once each."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    client_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"],
                condition=Q(user__isnull=False),
                name="support_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["submission", "client_id"],
                condition=Q(user__isnull=True),
                name="support_once_per_client",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(client_id=""), name="support_has_supporter"
            ),
        ]


class ChangeKind(models.TextChoices):
    """What a moderator or planner did to a submission."""

    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RESPONDED = "responded", "Status or answer changed"


class SubmissionChange(models.Model):
    """One decision on a submission (who, when, what), kept for its history; never edited.

    Written in the same transaction as the change itself (moderation.services), so the history
    and the notifications that follow from it cannot miss or invent one.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    actor = _user_or_none("submission_changes")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    # After the change: the post's public status key and answer (responded), or the
    # rejection reason (rejected).
    public_status = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]
        indexes = [models.Index(fields=["submission", "created_at"], name="change_history")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="submission_change_kind_known"
            ),
        ]

    def __str__(self):
        return f"#{self.submission_id} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"


class IdempotencyKey(models.Model):
    """The first response to a request sent with an Idempotency-Key, for replay."""

    key = models.CharField(max_length=255)
    # Keys are scoped to whoever sent them, so one client cannot replay another's response.
    scope = models.CharField(max_length=80)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    submission = models.ForeignKey(Submission, null=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique"),
        ]
