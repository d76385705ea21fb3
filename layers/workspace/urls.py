"""URL of the planners' page, under /workspace/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="workspace"),
]
