"""Campaigns as the intake clients see them: area as GeoJSON, categories with their questions."""

from rest_framework import serializers
from rest_framework_gis.fields import GeometryField

from .models import Campaign, Category, PublicStatus
from .questions import localized_schema


class CategorySerializer(serializers.ModelSerializer):
    """A category with its GeoJSON geometry type and question schema."""

    geometry_type = serializers.CharField(source="geojson_type", read_only=True)
    # Labels of questions and choices in the request's language, as the category's label is.
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = [
            "key",
            "label",
            "geometry_kind",
            "geometry_type",
            "colour",
            "sensitive",
            "questions",
        ]

    def get_questions(self, obj) -> list[dict]:
        """Return the question schema with its labels in the request's language."""
        return localized_schema(obj.questions)


class PublicStatusSerializer(serializers.ModelSerializer):
    """One step of what becomes of a post: the key filters and responses use, and its label."""

    class Meta:
        model = PublicStatus
        fields = ["key", "label"]


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign with its area as GeoJSON, its categories and whether it is open now."""

    area = GeometryField(read_only=True)
    categories = CategorySerializer(many=True, read_only=True)
    # In their order; a published post is in one of them (the first until staff respond).
    public_statuses = PublicStatusSerializer(many=True, read_only=True)
    is_open = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="campaign-detail", lookup_field="slug")

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "url",
            "title",
            "description",
            "opens_at",
            "closes_at",
            "is_open",
            "participation",
            "moderation",
            "area",
            "categories",
            "public_statuses",
        ]

    def get_is_open(self, obj) -> bool:
        """Return whether the campaign accepts input now."""
        return obj.is_open()
