from django.contrib.auth import views as auth_views
from django.urls import include, path

from trithuc.core import glossary, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("giai-thich-tu-ngu/", glossary.glossary, name="glossary"),
    path("tai-ve/tien-do/", views.download_progress, name="download_progress"),
    path("toan-quoc/", views.national, name="national"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-nhap/xac-minh/", views.otp_verify, name="otp_verify"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("trithuc.accounts.urls")),
    path("tai-khoan/", include("trithuc.privacy.urls")),
    path("nhat-ky/", include("trithuc.audit.urls")),
]
