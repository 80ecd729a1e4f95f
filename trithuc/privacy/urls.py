from django.urls import path

from trithuc.privacy import views

app_name = "privacy"
urlpatterns = [
    path("ho-so-cua-toi/", views.my_profile, name="my_profile"),
    path("ho-so-cua-toi/tai-ve/", views.my_data, name="my_data"),
    path("ho-so-cua-toi/yeu-cau-sua/", views.correction_create, name="correction_create"),
    path("ho-so-cua-toi/dong-y/", views.consent_change, name="consent_change"),
    path("yeu-cau-sua/", views.correction_list, name="correction_list"),
    path(
        "yeu-cau-sua/<uuid:correction_uuid>/", views.correction_resolve, name="correction_resolve"
    ),  # fmt: skip
    path("dong-y/<uuid:person_uuid>/", views.person_consents, name="person_consents"),
]
