"""Citizen pages: /, /c/<slug>/... and one's own under /meine-beitraege/."""

from django.urls import include, path

from . import mine, views

app_name = "web"

# The pages of one campaign, under /c/<slug>/.
campaign_pages = [
    path("", views.campaign_map, name="campaign"),
    path("add/", views.campaign_add, name="add"),
    path("list/", views.submission_list, name="list"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("style.json", views.campaign_style, name="style"),
]

# One's own posts and data, and deleting one's account.
own_pages = [
    path("", mine.my_posts, name="mine"),
    path("daten.geojson", mine.my_data, name="mine-data"),
    path("konto-loeschen/", mine.account_delete_page, name="account-delete"),
    path("konto-geloescht/", mine.account_deleted, name="account-deleted"),
]

urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("c/<slug:slug>/", include(campaign_pages)),
    path("meine-beitraege/", include(own_pages)),
]
