from django.urls import path

from trithuc.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("mat-khau/", views.password_change, name="password_change"),
    path("xac-thuc-hai-buoc/", views.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-buoc/tat/", views.otp_disable, name="otp_disable"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<uuid:account_uuid>/", views.user_detail, name="user_detail"),
    path(
        "nguoi-dung/<uuid:account_uuid>/bo-vai-tro/",
        views.membership_remove,
        name="membership_remove",
    ),  # fmt: skip
    path("nguoi-dung/<uuid:account_uuid>/trang-thai/", views.user_active, name="user_active"),
    path(
        "nguoi-dung/<uuid:account_uuid>/dat-lai-2fa/", views.user_otp_reset, name="user_otp_reset"
    ),  # fmt: skip
]
