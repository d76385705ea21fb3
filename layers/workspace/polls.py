"""The planners' page of a poll or vote (/auswertung/{slug}/): its exact tally and its files.

A poll has no places, so no map, filters or QGIS project: planners see every ballot counted
(heatmaps.api.ballot_tally with exact=True, no k suppression), at any time, also while the
public results (Campaign.results_visible) are still hidden, and download the same numbers from
the planners' exports (/exports/{slug}/tally.csv and tally.json).
"""

from django.shortcuts import render
from django.urls import reverse

from heatmaps import api
from layers.exports.tally import FORMATS


def poll_page(request, campaign):
    """Show the poll's or vote's exact tally with its downloads."""
    files = [
        (fmt.upper(), reverse("exports:tally", kwargs={"slug": campaign.slug, "fmt": fmt}))
        for fmt in FORMATS
    ]
    context = {
        "campaign": campaign,
        "tally": api.ballot_tally(campaign, exact=True),
        "files": files,
        "results_visible": campaign.results_visible(),
    }
    return render(request, "workspace/poll.html", context)
