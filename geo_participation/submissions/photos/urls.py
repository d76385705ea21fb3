"""A submission's photo and its thumbnail, under /api/submissions/{id}/photo/."""

from django.urls import path

from . import api

urlpatterns = [
    path("api/submissions/<int:pk>/photo/", api.PhotoView.as_view(), name="submission-photo"),
    path(
        "api/submissions/<int:pk>/photo/thumbnail/",
        api.ThumbnailView.as_view(),
        name="submission-photo-thumbnail",
    ),
]
