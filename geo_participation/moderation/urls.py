"""Moderation: the API under /api/moderation/ and the moderators' page under /moderation/."""

from django.urls import include, path

from . import api, views

moderation_api = [
    path("queue/", api.ModerationQueue.as_view(), name="moderation-queue"),
    path("submissions/<int:pk>/approve/", api.ApproveView.as_view(), name="moderation-approve"),
    path("submissions/<int:pk>/reject/", api.RejectView.as_view(), name="moderation-reject"),
]
moderation_pages = [
    path("", views.queue, name="moderation"),
    path("<int:pk>/", views.decide, name="moderation-decide"),
    path("selected/", views.decide_selected, name="moderation-decide-selected"),
]

urlpatterns = [
    path("api/moderation/", include(moderation_api)),
    path("moderation/", include(moderation_pages)),
]
