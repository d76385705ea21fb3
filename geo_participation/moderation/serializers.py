"""What a moderator sees of a submission, and the bodies of approve and reject."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from geo_participation.submissions.models import MAX_REASON_LENGTH, Status
from geo_participation.submissions.serializers import SubmissionFeatureSerializer


class ModerationFeatureSerializer(SubmissionFeatureSerializer):
    """A submission with everything a moderator needs to decide on it."""

    # None: an anonymous author; not yet moderated.
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    moderated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta(SubmissionFeatureSerializer.Meta):
        fields = SubmissionFeatureSerializer.Meta.fields + [
            "author",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
        ]

    def _photo_visible(self, obj) -> bool:
        # Only moderators are shown this serializer; they see every photo that still exists.
        return obj.status != Status.REJECTED


class RejectSerializer(serializers.Serializer):
    """The body of a rejection: the reason, required."""

    reason = serializers.CharField(
        max_length=MAX_REASON_LENGTH,
        allow_blank=False,
        trim_whitespace=True,
        # Not only white space (it is trimmed away) and no NUL (services refuse it): the schema
        # says so with a pattern.
        validators=[RegexValidator(r"^[^\x00]*\S[^\x00]*$")],
    )


class ApproveSerializer(serializers.Serializer):
    """Only for the API schema; the approve view reads `photo` itself."""

    photo = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[RegexValidator(r"^(|[1-9][0-9]{0,17}|[Nn][Oo][Nn][Ee])$")],
        help_text=(
            'The photo you saw: its id (photo.id of the submission), or "none". Required when '
            "the submission has a photo; a different current photo answers 409."
        ),
    )
