"""JSON of polls and ballots; input is read by services (answers.clean_ballot), not here."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Ballot, PollOption, PollQuestion


class PollOptionSerializer(serializers.ModelSerializer):
    """An option: its key and label, and its image (URLs, size, alt text) when it has one."""

    image = serializers.SerializerMethodField()

    class Meta:
        model = PollOption
        fields = ["key", "label", "image"]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "url": {"type": "string"},
                "thumbnail": {"type": "string"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "alt": {"type": "string"},
            },
        }
    )
    def get_image(self, option) -> dict | None:
        """Return the image's URLs, size and alt text, or None."""
        if not option.image:
            return None
        return {
            "url": reverse("poll-option-image", kwargs={"pk": option.pk}),
            "thumbnail": reverse("poll-option-thumbnail", kwargs={"pk": option.pk}),
            "width": option.image_width,
            "height": option.image_height,
            "alt": option.alt_text,
        }


class PollQuestionSerializer(serializers.ModelSerializer):
    """A question with its options in order."""

    options = PollOptionSerializer(many=True, read_only=True)

    class Meta:
        model = PollQuestion
        fields = [
            *("key", "kind", "label", "help", "required"),
            *("max_choices", "scale_min", "scale_max", "options"),
        ]


class PollSerializer(serializers.Serializer):
    """A poll or vote: its kind, whether it takes ballots now, its results' visibility."""

    slug = serializers.SlugField()
    kind = serializers.CharField()
    open = serializers.BooleanField()
    results_visible = serializers.BooleanField()
    questions = PollQuestionSerializer(many=True)


class BallotSerializer(serializers.ModelSerializer):
    """One's own ballot: answers by question key, when cast and last changed."""

    answers = serializers.DictField(
        help_text="By question key: an option key (single), a list of option keys (multiple), "
        "a whole number (scale) or option keys best first (ranking)."
    )

    class Meta:
        model = Ballot
        fields = ["answers", "created_at", "updated_at"]


class BallotInputSerializer(serializers.Serializer):
    """What PUT takes: the answers by question key (an optional question may be left out)."""

    answers = serializers.DictField()
