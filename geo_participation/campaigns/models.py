"""Campaigns and their categories: what may be marked, where, and when."""

import math

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_participation.gis_functions import JSONBTypeOf

from .questions import validate_question_schema
from .schema_changes import check_kind_change, check_schema_change
from .setup.area import check_lonlat


class Participation(models.TextChoices):
    """Who may take part: anyone, or registered users only."""

    ANONYMOUS = "anonymous", "Anonymous input allowed"
    REGISTERED = "registered", "Registered users only"


class Moderation(models.TextChoices):
    """Whether submissions are public only after approval (pre) or until rejected (post)."""

    # Pre-moderation is the default: nothing is public before a moderator approves it.
    PRE = "pre", "Pre-moderation"
    POST = "post", "Post-moderation"


class GeometryKind(models.TextChoices):
    """The geometry a category takes: point, line or polygon."""

    POINT = "point", "Point"
    LINE = "line", "Line"
    POLYGON = "polygon", "Polygon"


# The GeoJSON geometry type each category kind accepts.
GEOJSON_TYPE = {
    GeometryKind.POINT: "Point",
    GeometryKind.LINE: "LineString",
    GeometryKind.POLYGON: "Polygon",
}


class Kind(models.TextChoices):
    """What residents do in a campaign: mark places on a map, answer a poll, or vote."""

    MAP = "map", "Map"
    POLL = "poll", "Poll"
    VOTE = "vote", "Vote"


class PublicCampaignManager(models.Manager):
    """Campaigns that are published: the one home of "drafts are never public"."""

    def get_queryset(self):
        """Return every campaign except drafts."""
        return super().get_queryset().filter(draft=False)

    def maps(self):
        """Return the published map campaigns: the ones with places for map and GIS outputs."""
        # Polls and votes have no features; a GIS client listing them would see empty layers.
        return self.get_queryset().filter(kind=Kind.MAP)


class Campaign(models.Model):
    """An area and a time window in which citizens mark places, under one moderation policy."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Empty only while a draft is being set up (a constraint keeps every public campaign's).
    area = models.MultiPolygonField(
        srid=4326, null=True, blank=True, help_text="Every submission must fall inside."
    )
    area_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="What residents call the area, e.g. Kaiserslautern: a place outside it is "
        "refused with 'outside Kaiserslautern'. Empty: the title is named instead.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Empty: open-ended.")
    participation = models.CharField(
        max_length=16, choices=Participation.choices, default=Participation.ANONYMOUS
    )
    moderation = models.CharField(max_length=8, choices=Moderation.choices, default=Moderation.PRE)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped by a database trigger whenever what the campaign publishes changes (a submission
    # approved, rejected, edited or deleted while published); part of every tile cache key.
    published_version = models.BigIntegerField(default=1, editable=False)
    # GP_SENSITIVE_GRID_M in EPSG:3857 units at the campaign's latitude, kept here because the
    # database triggers that maintain the tile cells generalise with it and cannot read settings.
    sensitive_grid_3857 = models.FloatField(default=0.0, editable=False)
    # A draft is being set up (/einrichten/) and is never public: no page, API, tile or export
    # names it, and nobody can post into it. Only the setup pages create drafts.
    draft = models.BooleanField(default=False)
    # A map campaign takes posts (and, with reference layers, ratings of proposed sections);
    # a poll or a vote takes one ballot per person (geo_participation.polls) and no posts.
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.MAP)
    # Results are public after the close; staff may show them earlier (a poll's live results).
    results_early = models.BooleanField(
        default=False, help_text="Show the public results (and a poll's counts) while open."
    )
    # A few sentences by staff on what came of the campaign, on its public results page.
    results_summary = models.TextField(blank=True)

    # The default manager leaves drafts out, so every read path (get_object_or_404, the API,
    # campaign_by_slug) is public-safe by default; all_objects only for the setup pages and
    # the admin.
    objects = PublicCampaignManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["-opens_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(area__isvalid=True), name="campaign_area_valid"),
            models.CheckConstraint(
                condition=Q(draft=True) | Q(area__isnull=False), name="campaign_public_has_area"
            ),
            models.CheckConstraint(
                condition=Q(participation__in=Participation.values),
                name="campaign_participation_known",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=Moderation.values), name="campaign_moderation_known"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="campaign_kind_known"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """Refuse an invalid area or one beyond lon/lat, a slug a draft already has, a campaign
        with posts going back to draft, and a kind changed after anyone took part."""
        if self.area is not None and not self.area.valid:
            raise ValidationError({"area": f"Invalid area: {self.area.valid_reason}"})
        if self.area is not None and not self.area.empty:
            # Beyond lon/lat the area's size and every output computed from it fail.
            try:
                check_lonlat(self.area.extent)
            except ValidationError as refusal:
                raise ValidationError({"area": refusal.messages}) from refusal
        if self.area is None and not self.draft:
            raise ValidationError({"area": _("A published campaign needs an area.")})
        if self.draft and self._going_back_to_draft() and self.submissions.exists():
            # Its posts were published with it; as a draft they would vanish (and a draft takes
            # no posts). The setup page, the admin and scripts all come here.
            raise ValidationError(
                {
                    "draft": _(
                        "The campaign already has posts; it stays published so that they stay "
                        "visible."
                    )
                }
            )
        # The kind changes only in a draft nobody took part in (schema_changes.kind_refusal).
        check_kind_change(self)
        # Django's unique check asks the default manager, which does not see drafts.
        taken = Campaign.all_objects.filter(slug=self.slug).exclude(pk=self.pk)
        if self.slug and taken.exists():
            raise ValidationError(
                {
                    "slug": _("Another campaign already has this address (%(slug)s).")
                    % {"slug": self.slug}
                }
            )

    def _going_back_to_draft(self) -> bool:
        return Campaign.all_objects.filter(pk=self.pk, draft=False).exists()

    def validate_constraints(self, exclude=None):
        """Check the constraints; those on the area only when there is one (clean() asks)."""
        # Django evaluates area__isvalid in Python, which fails on a draft's missing area.
        if self.area is None:
            exclude = {*(exclude or ()), "area"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        """Store the sensitive grid for the area's latitude; never write published_version back."""
        self.sensitive_grid_3857 = self.computed_sensitive_grid()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "sensitive_grid_3857"} - {"published_version"}
        elif self.pk is not None and not kwargs.get("force_insert"):
            # published_version belongs to the database triggers: writing back the copy read
            # when this object was loaded could turn it back and revive stale cached tiles.
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname != "published_version"
            ]
        super().save(*args, **kwargs)

    def computed_sensitive_grid(self):
        """Return GP_SENSITIVE_GRID_M in EPSG:3857 units at the campaign's latitude."""
        if self.area is None:
            return 0.0  # a draft without an area yet; set again when the area is
        return settings.GP_SENSITIVE_GRID_M * self.mercator_scale()

    def is_open(self, at=None):
        """Return whether the campaign accepts input at the given time (default: now)."""
        at = at or timezone.now()
        return self.opens_at <= at and (self.closes_at is None or at < self.closes_at)

    def is_closed(self, at=None):
        """Return whether the campaign has closed (an open-ended one never does)."""
        at = at or timezone.now()
        return self.closes_at is not None and self.closes_at <= at

    def results_visible(self, at=None):
        """Return whether the public results (and a poll's counts) may be shown: the one home."""
        return self.results_early or self.is_closed(at)

    def mercator_scale(self):
        """Return how many EPSG:3857 units make one metre at the campaign's latitude."""
        # Web Mercator stretches distances by 1/cos(latitude); grids in metres must account for it.
        lat = self.area.centroid.y
        return 1.0 / math.cos(math.radians(lat))


class Category(models.Model):
    """What citizens may mark in a campaign: geometry kind, colour, sensitivity and questions."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    geometry_kind = models.CharField(max_length=8, choices=GeometryKind.choices)
    colour = models.CharField(max_length=7, default="#0072b2", help_text="Hex colour, #rrggbb.")
    sensitive = models.BooleanField(
        default=False, help_text="Published only generalised (for example fear spaces)."
    )
    # One character drawn on the marker (web/markers.py); empty: the first free one of the label.
    symbol = models.CharField(max_length=1, blank=True)
    questions = models.JSONField(default=list, blank=True, validators=[validate_question_schema])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "key"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="category_key_unique"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="category_colour_hex"
            ),
            models.CheckConstraint(
                condition=Q(geometry_kind__in=GeometryKind.values), name="category_kind_known"
            ),
            models.CheckConstraint(
                condition=Exact(JSONBTypeOf("questions"), "array"), name="category_questions_list"
            ),
        ]

    def __str__(self):
        return f"{self.campaign.slug}/{self.key}"

    def clean(self):
        """Refuse a change that would orphan the answers of stored posts, naming it."""
        check_schema_change(self)

    def save(self, *args, **kwargs):
        """Refuse a malformed question schema or an orphaning change, then save."""
        # Intake trusts the schema; a malformed one must never be stored, whoever writes it.
        validate_question_schema(self.questions)
        check_schema_change(self)
        super().save(*args, **kwargs)

    @property
    def geojson_type(self):
        """Return the GeoJSON geometry type this category accepts."""
        return GEOJSON_TYPE[self.geometry_kind]


# The public statuses a new campaign starts with, in order; the first is where every post
# starts. Labels are stored per campaign (a campaign may rename, add or reorder them), so
# these are the German defaults with their English counterparts.
DEFAULT_PUBLIC_STATUSES = (
    ("received", "Eingegangen", "Received"),
    ("in_review", "In Prüfung", "Under review"),
    ("planned", "Geplant", "Planned"),
    ("done", "Umgesetzt", "Done"),
    ("not_feasible", "Nicht umsetzbar", "Not feasible"),
)
# Every post starts here, including rows bulk-loaded with COPY (the column's database default).
INITIAL_PUBLIC_STATUS = DEFAULT_PUBLIC_STATUSES[0][0]


class PublicStatus(models.Model):
    """One step of what became of a post ("Geplant"), shown publicly; the list is per campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="public_statuses")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "key"]
        verbose_name_plural = "public statuses"
        constraints = [
            # Submissions reference (campaign, key) with a composite foreign key (migration
            # submissions 0007), which needs this unique pair.
            models.UniqueConstraint(fields=["campaign", "key"], name="public_status_key_unique"),
        ]

    def __str__(self):
        return f"{self.campaign.slug}/{self.key}"
