from django.urls import path

from trithuc.forecasts import priority_views, views

app_name = "forecasts"
urlpatterns = [
    path("", views.forecast_page, name="forecast"),
    path("nghi-huu/", views.retirement, name="retirement"),
    path("xuat/", views.export, name="export"),
    path("nganh-uu-tien/", priority_views.priority_page, name="priority"),
    path("nganh-uu-tien/xuat/", priority_views.priority_export, name="priority_export"),
    path("kich-ban/", views.scenario_list, name="scenario_list"),
    path("kich-ban/moi/", views.scenario_edit, name="scenario_new"),
    path("kich-ban/<uuid:scenario_uuid>/", views.scenario_edit, name="scenario_edit"),
]
