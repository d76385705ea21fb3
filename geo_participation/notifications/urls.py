"""Follow API, the unsubscribe pages of the mails, and the mail settings page."""

from django.urls import path

from . import api, views

app_name = "notifications"

urlpatterns = [
    path("api/submissions/<int:pk>/follow/", api.FollowView.as_view(), name="follow"),
    path("benachrichtigungen/", views.mail_settings, name="settings"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "benachrichtigungen/abbestellen/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="one-click",
    ),
]
