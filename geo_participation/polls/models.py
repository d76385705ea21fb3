"""Polls and votes: a campaign's questions, their options, and one ballot per person.

A poll (Campaign.kind "poll") asks one or more questions; a vote (kind "vote") is a poll with one
question of kind "multiple" whose max_choices is the number of votes a person has. Answers are
kept per ballot as JSON keyed by question key (services.ballot_cast checks them against the
questions); heatmaps.ballots counts them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from geo_participation.campaigns.models import Campaign
from geo_participation.submissions.photos.models import CONTENT_TYPES, Format


class QuestionKind(models.TextChoices):
    """How a question is answered: one option, several, a number on a scale, or an order."""

    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Scale"
    RANKING = "ranking", "Ranking"


# Kinds whose answers pick among the question's options (a scale has none).
OPTION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


class PollQuestion(models.Model):
    """One question of a poll or vote, with its options (PollOption) in their order."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="poll_questions")
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    label = models.CharField(max_length=300)
    help = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    # multiple: how many options a person may pick (a vote's votes per person); ranking: how
    # many a person ranks (the first N). Empty: every option.
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="poll_question_key_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="poll_question_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="poll_question_max_choices_positive",
            ),
            # A scale has both ends, the lower first; other kinds have none.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=QuestionKind.SCALE,
                        scale_min__isnull=False,
                        scale_max__isnull=False,
                        scale_min__lt=models.F("scale_max"),
                    )
                    | (
                        ~Q(kind=QuestionKind.SCALE)
                        & Q(scale_min__isnull=True, scale_max__isnull=True)
                    )
                ),
                name="poll_question_scale_range",
            ),
        ]

    def __str__(self):
        return f"{self.campaign.slug}/{self.key}"

    @property
    def has_options(self) -> bool:
        """Return whether answers pick among options (every kind but scale)."""
        return self.kind in OPTION_KINDS


class PollOption(models.Model):
    """One option of a question: a label, perhaps an image (re-encoded, with alt text)."""

    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=300)
    # Re-encoded without metadata (submissions.photos.images) under a random name
    # (poll-options/<uuid>.<ext>); polls.images is the only write path.
    image = models.FileField(max_length=200, blank=True)
    thumbnail = models.FileField(max_length=200, blank=True)
    image_format = models.CharField(max_length=4, choices=Format.choices, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    # What the image shows, for those who cannot see it; required with an image (German at
    # least; English falls back to it).
    alt_text = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="poll_option_key_unique"),
            models.CheckConstraint(
                condition=Q(image="") | (Q(alt_text_de__isnull=False) & ~Q(alt_text_de="")),
                name="poll_option_image_has_alt_text",
            ),
            models.CheckConstraint(
                condition=Q(image="", image_format="")
                | (~Q(image="") & Q(image_format__in=Format.values)),
                name="poll_option_image_format_known",
            ),
        ]

    def __str__(self):
        return f"{self.question}/{self.key}"

    @property
    def image_content_type(self) -> str:
        """Return the MIME type of the stored image ("" without one)."""
        return CONTENT_TYPES.get(self.image_format, "")


class Ballot(models.Model):
    """One person's answers to a poll or vote: one per account, or per anonymous client."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ballots")
    # A ballot goes with its account (account deletion); anonymous ones are kept by client id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    client_id = models.CharField(max_length=64, blank=True)
    # {question_key: option_key | [option_keys] | int | [ranked option_keys]}.
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One ballot per person: services.ballot_cast upserts against these two indexes.
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(user__isnull=False),
                name="ballot_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["campaign", "client_id"],
                condition=Q(user__isnull=True) & ~Q(client_id=""),
                name="ballot_one_per_client",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(client_id=""), name="ballot_has_a_voter"
            ),
        ]

    def __str__(self):
        return f"ballot #{self.pk} in {self.campaign_id}"
