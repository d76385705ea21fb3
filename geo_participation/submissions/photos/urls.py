"""A submission's photo and its thumbnail, under /api/submissions/{id}/photo/."""

from django.urls import include, path

from . import api

photo = [
    path("", api.PhotoView.as_view(), name="submission-photo"),
    path("thumbnail/", api.ThumbnailView.as_view(), name="submission-photo-thumbnail"),
]

urlpatterns = [path("api/submissions/<int:pk>/photo/", include(photo))]
