from django.contrib import admin
from django.urls import include, path

from trithuc.api.api import api

urlpatterns = [
    path("", include("trithuc.core.urls")),
    path("nguoi/", include("trithuc.people.urls")),
    path("chi-tieu/", include("trithuc.indicators.urls")),
    path("ke-hoach/", include("trithuc.plans.urls")),
    # issue 18: attract, keep and honour
    path("thu-hut/", include("trithuc.talent.urls")),
    path("khen-thuong/", include("trithuc.honours.urls")),
    path("gap-mat/", include("trithuc.dialogues.urls")),
    path("dang-vien-tre/", include("trithuc.representation.urls")),
    path("chuyen-gia/", include("trithuc.experts.urls")),
    path("bao-cao/", include("trithuc.reports.urls")),
    path("don-vi/", include("trithuc.orgunits.urls")),
    path("du-bao/", include("trithuc.forecasts.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", api.urls),
]
