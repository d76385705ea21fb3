"""GeoJSON output of reference sections; ratings are shown as the submissions they are."""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from .models import ReferenceFeature


class SectionFeatureSerializer(GeoFeatureModelSerializer):
    """A section of a reference layer as a GeoJSON Feature: names in the request's language."""

    layer_name = serializers.CharField(source="layer.name", read_only=True)
    kind = serializers.CharField(source="layer.kind", read_only=True)

    class Meta:
        model = ReferenceFeature
        geo_field = "geom"
        id_field = "id"
        fields = ["id", "geom", "layer", "layer_name", "kind", "name", "description", "section"]
