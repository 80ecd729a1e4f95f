from django.urls import path

from trithuc.honours import views

app_name = "honours"
urlpatterns = [
    path("", views.honour_list, name="list"),
    path("de-nghi/", views.nominate, name="nominate"),
    path("ghi-nhan/", views.award, name="award"),
]
