"""Citizen pages: / and /c/<slug>/..."""

from django.urls import include, path

from . import views

app_name = "web"

# The pages of one campaign, under /c/<slug>/.
campaign_pages = [
    path("", views.campaign_map, name="campaign"),
    path("add/", views.campaign_add, name="add"),
    path("list/", views.submission_list, name="list"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("style.json", views.campaign_style, name="style"),
]

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("c/<slug:slug>/", include(campaign_pages)),
]
