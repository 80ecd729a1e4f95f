from django.urls import path

from trithuc.orgunits import views

app_name = "orgunits"

urlpatterns = [
    path("tim/", views.unit_search, name="unit_search"),
]
