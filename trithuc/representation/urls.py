from django.urls import path

from trithuc.representation import views

app_name = "representation"
urlpatterns = [
    path("", views.party, name="party"),
    path("nhap-so-lieu/", views.party_counts_entry, name="party_counts_entry"),
    path("quy-hoach-bau-cu/", views.record_create, name="record_create"),
]
