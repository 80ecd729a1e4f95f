from django.urls import path

from trithuc.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("chinh-sach/them/", views.policy_create, name="policy_create"),
    path("chinh-sach/<uuid:policy_uuid>/sua/", views.policy_edit, name="policy_edit"),
    path("ho-so/them/", views.application_create, name="application_create"),
    path("ho-so/<uuid:application_uuid>/", views.application_detail, name="application_detail"),
    path("ho-so/<uuid:application_uuid>/cham-diem/", views.application_score,
         name="application_score"),
    path("ho-so/<uuid:application_uuid>/quyet-dinh/", views.application_decide,
         name="application_decide"),
    path("ho-so/<uuid:application_uuid>/su-kien/", views.event_add, name="event_add"),
    path("ho-so/<uuid:application_uuid>/van-ban/", views.decision_document,
         name="decision_document"),
    path("ho-so/<uuid:application_uuid>/minh-chung/", views.evidence_upload,
         name="evidence_upload"),
    path("minh-chung/<uuid:evidence_uuid>/tep/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<uuid:evidence_uuid>/xac-minh/", views.evidence_review,
         name="evidence_review"),
    path("khoan-chi/<uuid:tranche_uuid>/chi/", views.tranche_pay, name="tranche_pay"),
]  # fmt: skip
