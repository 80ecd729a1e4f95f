from django.urls import path

from trithuc.representation import views

app_name = "representation"
urlpatterns = [path("", views.party, name="party")]
