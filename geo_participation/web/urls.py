"""Citizen pages: / and /c/<slug>/..."""

from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("c/<slug:slug>/", views.campaign_map, name="campaign"),
    path("c/<slug:slug>/add/", views.campaign_add, name="add"),
    path("c/<slug:slug>/list/", views.submission_list, name="list"),
    path("c/<slug:slug>/style.json", views.campaign_style, name="style"),
]
