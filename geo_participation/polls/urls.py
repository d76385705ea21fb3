"""The ballot form's POST, the poll API (/api/campaigns/{slug}/poll/, /ballot/), option images."""

from django.urls import path

from . import api, views

urlpatterns = [
    # The ballot page itself is /c/{slug}/ (web.views.campaign_map hands polls to polls.views).
    path("c/<slug:slug>/stimme/", views.ballot_submit, name="poll-ballot-submit"),
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
