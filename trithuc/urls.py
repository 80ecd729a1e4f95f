from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("trithuc.core.urls")),
    path("nguoi/", include("trithuc.people.urls")),
    path("chi-tieu/", include("trithuc.indicators.urls")),
    path("ke-hoach/", include("trithuc.plans.urls")),
    path("bao-cao/", include("trithuc.reports.urls")),
    path("quan-tri/", admin.site.urls),
]
