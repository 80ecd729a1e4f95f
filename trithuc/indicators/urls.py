from django.urls import path

from trithuc.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-tiet/", views.drill, name="drill"),
    path("xuat/", views.export, name="export"),
    path("muc-tieu/", views.target_form, name="target_form"),
    path("bao-cao/", views.report_form, name="report"),
]
