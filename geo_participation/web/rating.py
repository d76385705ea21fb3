"""Rating sections of reference layers on the citizen map: the panel's form and its texts.

A campaign whose staff uploaded reference layers (references/) asks residents to rate each
section instead of marking free places: the map page then shows the sections, a list of them
and one rating form, whose questions are those of the campaign's point categories.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.urls import reverse
from django.utils.translation import gettext as _

from geo_participation.campaigns.models import GeometryKind

from .fields import question_fields

MARGIN = 0.001  # degrees: about 70-110 m at the latitudes of German cities


def has_sections(campaign) -> bool:
    """Return whether the campaign has sections to rate."""
    return campaign.reference_features.exists()


def rating_form(categories, markers) -> dict:
    """Return the rating form's categories: point categories, their markers and questions.

    The question ids get a prefix of their own: the page may hold the add form's too.
    """
    points = [c for c in categories if c.geometry_kind == GeometryKind.POINT]
    return {
        "categories": [
            {
                "category": c,
                "marker": markers[c.key],
                "questions": [replace(q, html_id=f"rate-{q.html_id}") for q in question_fields(c)],
            }
            for c in points
        ],
        # One category needs no choice; the API takes it when none is named.
        "choose": len(points) > 1,
    }


def rating_config(campaign, *, rated: list[int]) -> dict:
    """Return what the page's scripts need to list, draw and rate the sections."""
    slug = campaign.slug
    west, south, east, north = campaign.reference_features.aggregate(e=Extent("geom"))["e"]
    return {
        # The map opens on the sections, not on the whole area they may be a small part of;
        # with a margin of about 100 m, so one point or a straight street is not a zero box.
        "bounds": [
            round(west - MARGIN, 6),
            round(south - MARGIN, 6),
            round(east + MARGIN, 6),
            round(north + MARGIN, 6),
        ],
        # Known with the page (it is the visitor's own anyway): the list says "Change rating"
        # and the form asks for the stored rating only where there is one.
        "ratedSections": rated,
        "referencesUrl": reverse("campaign-references", kwargs={"slug": slug}),
        # A placeholder replaced by the script; 0 keeps reverse() happy.
        "ratingUrl": reverse("reference-rating", kwargs={"slug": slug, "pk": 0}).replace(
            "/0/", "/{id}/"
        ),
        "ratingStrings": rating_strings(),
    }


def rating_strings() -> dict[str, str]:
    """Return the translated texts of the rating panel's script, keyed by a plain name."""
    return {
        "rate": _("Rate"),
        "change": _("Change rating"),
        "show": _("Show"),
        "rated": _("rated by you"),
        "section": _("section %(number)s"),
        "count": _("%(count)s sections to rate, %(rated)s of them rated by you."),
        "load_error": _("The sections could not be loaded. Please reload the page."),
        "saved": _("Your rating has been saved."),
        "changed": _("Your rating has been changed."),
        "after_review": _(
            "It will be published after review; until then only you see it on the map."
        ),
        "withdrawn": _("Your rating has been withdrawn."),
        "pending": _("Your rating is awaiting review."),
        "rejected": _(
            "A moderator rejected your rating of this section; it cannot be changed. "
            "You may withdraw it."
        ),
        "mark_hint": _(
            "Tap the place on the map, at most %(metres)s m from the section. Keyboard: focus "
            "the map, move it with the arrow keys and press Enter to set the point at the "
            "crosshair."
        )
        % {"metres": f"{settings.GP_REFERENCE_SNAP_M:g}"},
        "point_set": _("Point set: latitude %(lat)s, longitude %(lon)s."),
        "point_none": _("No point set: the rating belongs to the whole section."),
        "too_far": _(
            "This point is too far from the section. Please tap closer to it or remove the point."
        ),
        "answers_refused": _("One of the answers was not accepted. Please check them."),
        "category_missing": _("Please choose what you are rating."),
        "campaign_closed": _("This campaign does not take ratings any more."),
        "login_needed": _("Please log in to rate sections."),
        "comment_refused": _("The comment could not be accepted. Please shorten it."),
        "too_many": _("Too many ratings in a short time. Please wait a moment and save again."),
        "refused_other": _("Your rating could not be saved. Please try again later."),
        "network_error": _("Your rating could not be sent. Check your connection and retry."),
        "withdraw_error": _("Your rating could not be withdrawn. Please try again."),
    }
