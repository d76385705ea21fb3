"""GeoJSON output of submissions; input is read by services, not by serializers."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geo_participation.clients import known_client_id
from geo_participation.submissions.photos.selectors import photo_public, photo_visible
from geo_participation.submissions.photos.serializers import PhotoSerializer, photo_urls

from .models import Status, Submission


def _photo(submission):
    try:
        return submission.photo
    except ObjectDoesNotExist:
        return None


def _published(submission) -> bool:
    # A post's status and answer are public only while the post is (an author's own pending post
    # has none to show yet).
    return submission.status == Status.APPROVED


class ShownGeometryField(GeometryField):
    """The geometry a selector chose to show (perhaps generalised), else the stored one."""

    def get_attribute(self, instance):
        """Return the selector's shown geometry if it chose one, else the stored geometry."""
        return getattr(instance, "out_geom", instance.geom)


class SubmissionFeatureSerializer(GeoFeatureModelSerializer):
    """A submission as a GeoJSON Feature, as the public (or its author) may see it."""

    geom = ShownGeometryField(read_only=True)
    category = serializers.SlugRelatedField(slug_field="key", read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # The reference section a rating rates (references app), null for other posts, and null
    # where the place is generalised: the section would tell the place (see get_reference).
    reference = serializers.SerializerMethodField()
    generalised = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    # What became of the post: null unless it is published (see _published).
    public_status = serializers.SerializerMethodField()
    public_status_label = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    responded_at = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        geo_field = "geom"
        id_field = "id"
        fields = [
            "id",
            "geom",
            "campaign",
            "category",
            "reference",
            "comment",
            "near",
            "answers",
            "status",
            "support_count",
            "created_at",
            "generalised",
            "photo",
            "public_status",
            "public_status_label",
            "answer",
            "responded_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_reference(self, obj):
        """Return the rated section's id, or None for other posts and generalised places."""
        if getattr(obj, "generalised", False):
            # A rating in a sensitive category shown to the public: its section would locate
            # it more exactly than the generalised point; planners and its author see it.
            return None
        return obj.reference_id

    def get_generalised(self, obj) -> bool:
        """Return whether the selector generalised the geometry shown."""
        return bool(getattr(obj, "generalised", False))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_public_status(self, obj):
        """Return the key of the post's public status, or None while it is not published."""
        return obj.public_status if _published(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_public_status_label(self, obj):
        """Return the label of the post's public status, or None while it is not published."""
        if not _published(obj):
            return None
        label = getattr(obj, "public_status_label", None)  # annotated by the selectors
        if label is None:  # a post just created, read without a selector
            status = obj.campaign.public_statuses.filter(key=obj.public_status).first()
            label = status.label if status else obj.public_status
        return label

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_answer(self, obj):
        """Return the city's public answer ("" when none yet), or None while not published."""
        return obj.answer if _published(obj) else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_responded_at(self, obj):
        """Return when the status or answer last changed, or None."""
        if not _published(obj) or obj.responded_at is None:
            return None
        return serializers.DateTimeField().to_representation(obj.responded_at)

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_photo(self, obj):
        """Return the photo's URLs, or None when there is none or the viewer may not see it."""
        photo = _photo(obj)
        if photo is None or not self._photo_visible(obj):
            return None
        return photo_urls(photo, self.context.get("request"))

    def _photo_visible(self, obj) -> bool:
        request = self.context.get("request")
        if request is None:
            return photo_public(obj)
        return photo_visible(submission=obj, user=request.user, client_id=known_client_id(request))


class SupportSerializer(serializers.Serializer):
    """The answer to a "me too" (for the API schema): the submission's id and its count."""

    id = serializers.IntegerField()
    supported = serializers.BooleanField()
    support_count = serializers.IntegerField(min_value=0)
