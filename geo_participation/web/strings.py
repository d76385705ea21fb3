"""Texts the page's scripts show, translated on the server and handed over as JSON."""

from django.utils.translation import gettext as _

from geo_participation.map_controls import control_strings


def script_strings(*, named_area: bool = False) -> dict[str, str]:
    """Return the translated texts the scripts need, keyed by a plain name.

    named_area: the campaign names its area as residents say it ("outside Kaiserslautern"),
    else a refusal names the campaign's title.
    """
    return {
        **control_strings(),
        "thanks_pending": _(
            "Thank you! Your submission is saved. It will be visible to everyone after "
            "moderation; until then only you see it on the map."
        ),
        "thanks_published": _("Thank you! Your submission is saved and published."),
        "sending": _("Sending …"),
        "network_error": _("The submission could not be sent. Check your connection and retry."),
        "location_missing": _("Choose a place first: on the map, by the search or coordinates."),
        "category_missing": _("Please choose what you want to mark."),
        "outside_area": _("This place is outside %(area)s. Please choose a place inside it.")
        if named_area
        else _("This place is outside the area of “%(area)s”. Please choose a place inside it."),
        "place_refused": _("This place could not be used. Please set it again."),
        "answers_refused": _("One of the answers was not accepted. Please check them."),
        "category_refused": _("This kind of post is no longer offered. Please choose another."),
        "campaign_closed": _("This campaign does not take submissions any more."),
        "login_needed": _("Please log in to take part in this campaign."),
        "comment_refused": _("The comment could not be accepted. Please shorten it."),
        "too_many": _("Too many submissions in a short time. Please wait a moment and send again."),
        "refused_other": _("Your submission could not be saved. Please try again later."),
        "thanks_agreed": _("Thank you! Your agreement has been counted for this post."),
        "agree": _("I agree"),
        "near": _("near %(street)s"),
        "in_view": _("%(count)s submissions in this part of the map."),
        "list_page": _("Page %(page)s of %(pages)s"),
        "search_none": _("No place found."),
        "search_one": _("1 place found."),
        "search_many": _("%(count)s places found."),
        "search_chosen": _("%(place)s chosen."),
        "search_error": _("The search is not available right now."),
        "place_street": _("street"),
        "place_address": _("address"),
        "place_place": _("place"),
        "place_poi": _("point of interest"),
        "location_point": _("Location set: latitude %(lat)s, longitude %(lon)s."),
        "location_shape": _("Location set: %(count)s points."),
        "vertex_added": _("Point %(count)s added at the crosshair."),
        "need_vertices": _("A line needs at least 2 points, an area at least 3."),
        "bad_coordinates": _(
            "Write one pair per line: latitude, longitude (for example 49.4447, 7.7686)."
        ),
        "bad_number": _("Latitude and longitude must be numbers."),
        "cleared": _("Location cleared."),
        "rating": _("%(value)s of %(high)s"),
        "answer_required": _("Please answer: %(question)s"),
        "support": _("Me too"),
        "supported": _("You support this (click to take it back)"),
        "supports": _("Supported by %(count)s"),
        "pending": _("Awaiting moderation: only you can see this."),
        "no_comment": _("No comment."),
        "comment": _("Comment"),
        "status": _("Status"),
        "answer": _("Answer from the city"),
        "details_error": _("The details could not be loaded."),
        "support_error": _("Your support could not be saved."),
        "follow": _("Follow"),
        "unfollow": _("Unfollow"),
        "followed": _("You follow this post: we will e-mail you when its status changes."),
        "unfollowed": _("You no longer follow this post."),
        "follow_error": _("Following could not be saved."),
        "follow_sign_in": _("Sign in to follow this post by e-mail."),
        "nothing_here": _("No submissions in this part of the map."),
        "geolocation_error": _("Your location could not be determined."),
        "geolocation_unsupported": _("This browser cannot tell your location."),
        "map_title": _("Map of the campaign"),
        "close_popup": _("Close the details"),
        "map_unavailable": _(
            "The map could not be shown in this browser. Use the coordinates or the add page."
        ),
    }
