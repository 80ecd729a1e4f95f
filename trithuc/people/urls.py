from django.urls import path

from trithuc.people import field_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("xuat/", views.person_export, name="export"),
    path("xuat-cbccvc/", views.person_export_cbccvc, name="export_cbccvc"),
    path("mau-nhap/", views.template_download, name="template"),
    path("tong-hop/", views.summary, name="summary"),
    path("ma-nganh/", field_views.field_review, name="field_review"),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/<uuid:job_uuid>/", views.import_detail, name="import_detail"),
    path("nhap/<uuid:job_uuid>/ghep-cot/", views.import_mapping, name="import_mapping"),
    path("nhap/<uuid:job_uuid>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<uuid:job_uuid>/bao-cao-loi/", views.import_error_report, name="import_errors"),
    path("<uuid:person_uuid>/", views.person_detail, name="detail"),
    path("<uuid:person_uuid>/sua/", views.person_edit, name="edit"),
]
