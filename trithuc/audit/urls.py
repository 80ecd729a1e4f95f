from django.urls import path

from trithuc.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("xuat/", views.event_export, name="export"),
]
