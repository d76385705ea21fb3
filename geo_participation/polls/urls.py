"""The poll API under /api/campaigns/{slug}/poll/ and /ballot/, and option images."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/campaigns/<slug:slug>/poll/", api.PollView.as_view(), name="campaign-poll"),
    path("api/campaigns/<slug:slug>/ballot/", api.BallotView.as_view(), name="campaign-ballot"),
    path(
        "api/poll-options/<int:pk>/image/", api.OptionImageView.as_view(), name="poll-option-image"
    ),
    path(
        "api/poll-options/<int:pk>/thumbnail/",
        api.OptionThumbnailView.as_view(),
        name="poll-option-thumbnail",
    ),
]
