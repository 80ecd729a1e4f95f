from django.urls import path

from trithuc.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.forecast_page, name="forecast"),
    path("nghi-huu/", views.retirement, name="retirement"),
    path("xuat/", views.export, name="export"),
    path("kich-ban/", views.scenario_list, name="scenario_list"),
    path("kich-ban/moi/", views.scenario_edit, name="scenario_new"),
    path("kich-ban/<uuid:scenario_uuid>/", views.scenario_edit, name="scenario_edit"),
]
