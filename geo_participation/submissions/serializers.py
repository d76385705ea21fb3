"""GeoJSON output of submissions; input is read by services, not by serializers."""

from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import MAX_REASON_LENGTH, Submission


class ShownGeometryField(GeometryField):
    """The geometry a selector chose to show (perhaps generalised), else the stored one."""

    def get_attribute(self, instance):
        return getattr(instance, "out_geom", instance.geom)


class SubmissionFeatureSerializer(GeoFeatureModelSerializer):
    """A submission as a GeoJSON Feature, as the public (or its author) may see it."""

    geom = ShownGeometryField(read_only=True)
    category = serializers.SlugRelatedField(slug_field="key", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    generalised = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        geo_field = "geom"
        id_field = "id"
        fields = [
            "id",
            "geom",
            "campaign",
            "category",
            "comment",
            "answers",
            "status",
            "support_count",
            "created_at",
            "generalised",
        ]

    def get_generalised(self, obj) -> bool:
        return bool(getattr(obj, "generalised", False))


class ModerationFeatureSerializer(SubmissionFeatureSerializer):
    """A submission with everything a moderator needs to decide on it."""

    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    moderated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta(SubmissionFeatureSerializer.Meta):
        fields = SubmissionFeatureSerializer.Meta.fields + [
            "author",
            "moderated_by",
            "moderated_at",
            "moderation_reason",
        ]


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=MAX_REASON_LENGTH, allow_blank=False, trim_whitespace=True
    )
