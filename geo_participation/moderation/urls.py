"""Moderation: the API under /api/moderation/ and the moderators' page under /moderation/.

Also a post's response (status and answer): /api/submissions/{id}/response/ and
/moderation/submissions/{id}/.
"""

from django.urls import include, path

from . import api, views
from .responses import api as response_api
from .responses import views as response_views

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

# A post's public status and answer, set by moderators and planners (moderation.responses).
responses = [
    path(
        "api/submissions/<int:pk>/response/",
        response_api.ResponseView.as_view(),
        name="submission-response",
    ),
    path("moderation/submissions/<int:pk>/", response_views.respond, name="moderation-respond"),
]

urlpatterns = [
    path("api/moderation/", include(moderation_api)),
    path("moderation/", include(moderation_pages)),
    *responses,
]
