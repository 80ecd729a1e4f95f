from django.urls import path

from trithuc.dialogues import views

app_name = "dialogues"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("tao/", views.meeting_create, name="meeting_create"),
    path("kien-nghi/", views.request_list, name="request_list"),
    path("kien-nghi/<uuid:request_uuid>/tra-loi/", views.request_answer, name="request_answer"),
    path("<uuid:meeting_uuid>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_uuid>/moi/", views.invitations_build, name="invitations_build"),
    path("<uuid:meeting_uuid>/tra-loi-moi/", views.replies_save, name="replies_save"),
    path("<uuid:meeting_uuid>/bien-ban/", views.minutes_save, name="minutes_save"),
    path("<uuid:meeting_uuid>/kien-nghi/", views.request_add, name="request_add"),
]
