"""The body of a response and what staff read back (status, answer, history)."""

from rest_framework import serializers

from geo_participation.submissions.models import MAX_ANSWER_LENGTH, ChangeKind


class ResponseBodySerializer(serializers.Serializer):
    """Only for the API schema; the view hands both fields to submission_respond as they are."""

    public_status = serializers.CharField(
        required=False,
        max_length=40,
        help_text="A key of the campaign's public_statuses; left out: unchanged.",
    )
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_ANSWER_LENGTH,
        help_text=(
            "The city's public answer, published as written (no personal data); left out: "
            'unchanged; "" removes it.'
        ),
    )


class ChangeSerializer(serializers.Serializer):
    """One decision: who (a username, null when the account is gone), when, what."""

    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    created_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.get_username", allow_null=True, default=None)
    public_status = serializers.CharField(help_text="The status after a response, else empty.")
    text = serializers.CharField(help_text="The rejection reason, or the answer after a response.")


class StatusSerializer(serializers.Serializer):
    """One of the campaign's public statuses."""

    key = serializers.CharField()
    label = serializers.CharField()


class ResponseStateSerializer(serializers.Serializer):
    """A post's status and answer, the statuses it may get, and its history."""

    id = serializers.IntegerField(source="submission.pk")
    status = serializers.CharField(source="submission.status")
    public_status = serializers.CharField(source="submission.public_status")
    public_status_label = serializers.SerializerMethodField()
    answer = serializers.CharField(source="submission.answer")
    responded_at = serializers.DateTimeField(source="submission.responded_at", allow_null=True)
    public_statuses = StatusSerializer(source="statuses", many=True)
    history = ChangeSerializer(source="changes", many=True)

    def get_public_status_label(self, state) -> str:
        """Return the label of the post's status."""
        return state.status_label
