"""The submission API: a campaign's submissions, and "me too" support."""

from django.urls import path

from . import api

urlpatterns = [
    path(
        "api/campaigns/<slug:slug>/submissions/",
        api.SubmissionCollection.as_view(),
        name="campaign-submissions",
    ),
    path(
        "api/campaigns/<slug:slug>/submissions/nearby/",
        api.NearbyView.as_view(),
        name="campaign-submissions-nearby",
    ),
    path("api/submissions/<int:pk>/support/", api.SupportView.as_view(), name="submission-support"),
]
