from django.urls import path

from trithuc.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.forecast_page, name="forecast"),
    path("nghi-huu/", views.retirement, name="retirement"),
    path("xuat/", views.export, name="export"),
]
