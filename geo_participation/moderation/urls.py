"""Moderation: the API under /api/moderation/ and the moderators' page under /moderation/."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("api/moderation/queue/", api.ModerationQueue.as_view(), name="moderation-queue"),
    path(
        "api/moderation/submissions/<int:pk>/approve/",
        api.ApproveView.as_view(),
        name="moderation-approve",
    ),
    path(
        "api/moderation/submissions/<int:pk>/reject/",
        api.RejectView.as_view(),
        name="moderation-reject",
    ),
    path("moderation/", views.queue, name="moderation"),
    path("moderation/<int:pk>/", views.decide, name="moderation-decide"),
]
