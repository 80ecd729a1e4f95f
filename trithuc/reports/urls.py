from django.urls import path

from trithuc.reports import views

app_name = "reports"
R = "<uuid:plan_uuid>/ky/<int:period_id>/"
urlpatterns = [
    path("<uuid:plan_uuid>/", views.plan_reports, name="plan_reports"),
    path("<uuid:plan_uuid>/mau/", views.template_upload, name="template_upload"),
    path(R, views.report_edit, name="report_edit"),
    path(R + "xem/", views.report_preview, name="report_preview"),
    path(R + "chot/", views.report_freeze, name="report_freeze"),
    path(R + "mo-chot/", views.report_unfreeze, name="report_unfreeze"),
    path(R + "so-lieu-goc/", views.report_baseline, name="report_baseline"),
    path(R + "word/", views.report_docx, name="report_docx"),
    path(R + "excel/", views.report_xlsx, name="report_xlsx"),
    path(R + "json/", views.report_json, name="report_json"),
    path(R + "pdf/", views.report_pdf, name="report_pdf"),
    path(R + "pdf/tao/", views.report_pdf_start, name="report_pdf_start"),
    path(R + "pdf/tien-do/", views.report_pdf_progress, name="report_pdf_progress"),
    path("don-vi/<uuid:official_uuid>/word/", views.unit_report_docx, name="unit_report_docx"),
]
