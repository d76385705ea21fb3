"""The moderators' page: the waiting submissions on a map and in a list."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="moderation"),
    path("<int:pk>/", views.decide, name="moderation-decide"),
]
