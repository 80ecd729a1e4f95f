from django.urls import path

from trithuc.plans import priority_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("tao/", views.plan_create, name="plan_create"),
    path("nhap/", views.plan_import, name="plan_import"),
    path("nhap/<uuid:draft_uuid>/", views.plan_review, name="plan_review"),
    path("nhap/<uuid:draft_uuid>/trang/", views.plan_draft_page, name="plan_draft_page"),
    path("viec-can-bao-cao/", views.my_due, name="my_due"),
    path("tep/<uuid:attachment_uuid>/", views.attachment_download, name="attachment_download"),
    path("<uuid:plan_uuid>/", views.plan_detail, name="plan_detail"),
    path("<uuid:plan_uuid>/sua/", views.plan_edit, name="plan_edit"),
    path("<uuid:plan_uuid>/van-ban-goc/", views.plan_source, name="plan_source"),
    path("<uuid:plan_uuid>/nhiem-vu/them/", views.task_edit, name="task_create"),
    path("<uuid:plan_uuid>/nhiem-vu/<uuid:task_uuid>/", views.task_edit, name="task_edit"),
    path("<uuid:plan_uuid>/theo-doi/", views.plan_follow, name="plan_follow"),
    path("<uuid:plan_uuid>/nganh-uu-tien/", priority_views.priority_fields, name="priority_fields"),
    path(
        "<uuid:plan_uuid>/ky/<int:period_id>/co-quan/<int:agency_id>/",
        views.report_edit,
        name="plan_report",
    ),
    path(
        "<uuid:plan_uuid>/ky/<int:period_id>/co-quan/<int:agency_id>/<uuid:task_uuid>/",
        views.report_edit,
        name="task_report",
    ),
    path(
        "<uuid:plan_uuid>/bao-cao/<uuid:report_uuid>/mo-lai/",
        views.report_reopen,
        name="report_reopen",
    ),
]
