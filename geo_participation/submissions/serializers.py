"""GeoJSON output of submissions; input is read by services, not by serializers."""

from rest_framework import serializers
from rest_framework_gis.fields import GeometrySerializerMethodField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import Submission


class SubmissionFeatureSerializer(GeoFeatureModelSerializer):
    """A submission as a GeoJSON Feature, as the public (or its author) may see it."""

    geometry = GeometrySerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="key", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    generalised = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        geo_field = "geometry"
        id_field = "id"
        fields = [
            "id",
            "campaign",
            "category",
            "comment",
            "answers",
            "status",
            "support_count",
            "created_at",
            "generalised",
        ]

    def get_geometry(self, obj):
        return getattr(obj, "out_geom", obj.geom)

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
    reason = serializers.CharField(max_length=2000, allow_blank=False, trim_whitespace=True)
