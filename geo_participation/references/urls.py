"""The references API: a campaign's sections and one's own rating of a section."""

from django.urls import path

from . import api

urlpatterns = [
    path(
        "api/campaigns/<slug:slug>/references/",
        api.SectionCollection.as_view(),
        name="campaign-references",
    ),
    path(
        "api/campaigns/<slug:slug>/references/<int:pk>/rating/",
        api.RatingView.as_view(),
        name="reference-rating",
    ),
]
