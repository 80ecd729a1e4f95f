from django.urls import path

from trithuc.experts import views

app_name = "experts"
C = "de-nghi/<uuid:consultation_uuid>/"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("xuat/", views.export, name="export"),
    path("tieu-chi/", views.criteria_page, name="criteria"),
    path("tieu-chi/sua/", views.criteria_edit, name="criteria_edit"),
    path("dang-ky/", views.expert_register, name="expert_register"),
    path("dang-ky/tu-co-so-du-lieu/", views.expert_link, name="expert_link"),
    path("cua-toi/", views.my_expertise, name="my_expertise"),
    path("<uuid:expert_uuid>/", views.expert_detail, name="expert_detail"),
    path("<uuid:expert_uuid>/rut-dong-y/", views.expert_withdraw, name="expert_withdraw"),
    path("de-nghi/", views.consultation_list, name="consultation_list"),
    path("de-nghi/moi/", views.consultation_create, name="consultation_create"),
    path(C, views.consultation_detail, name="consultation_detail"),
    path(f"{C}tiep-nhan/", views.consultation_accept, name="consultation_accept"),
    path(f"{C}chuyen-gia/", views.consultation_candidates, name="consultation_candidates"),
    path(f"{C}tong-hop/", views.consultation_synthesis, name="consultation_synthesis"),
    path(f"{C}tong-hop.docx", views.synthesis_download, name="synthesis_download"),
    path(f"{C}tra-loi/", views.consultation_answer, name="consultation_answer"),
    path("loi-moi/<uuid:invitation_uuid>/", views.invitation, name="invitation"),
    path("loi-moi/<uuid:invitation_uuid>/thu-lao/", views.invitation_fee, name="invitation_fee"),
    path("moi/<str:token>/", views.invitation_link, name="invitation_link"),
]
