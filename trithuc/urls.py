from django.contrib import admin
from django.urls import include, path

from trithuc.api.api import api

urlpatterns = [
    path("", include("trithuc.core.urls")),
    path("nguoi/", include("trithuc.people.urls")),
    path("chi-tieu/", include("trithuc.indicators.urls")),
    path("ke-hoach/", include("trithuc.plans.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", api.urls),
]
