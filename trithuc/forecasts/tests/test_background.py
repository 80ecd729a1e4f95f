"""The dashboard never computes a forecast while its reader waits: the forecasts are
computed by a background task; the page shows the last one with when it was computed,
or says it is being computed and polls until it is there; a stale one says so; a
changed target or a snapshot refresh recomputes the forecasts readers use."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from trithuc.forecasts import background
from trithuc.forecasts.models import DashboardForecast
from trithuc.forecasts.tests.test_dashboard import masters_2030, targets
from trithuc.indicators.models import Target
from trithuc.indicators.snapshots import mark_changed, refresh_snapshot
from trithuc.indicators.tests.factories import COMMUNE_A, COMMUNE_B, agriculture_staff

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("indicators:dashboard")
QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def registry() -> None:
    agriculture_staff(COMMUNE_A, 40, 6)
    agriculture_staff(COMMUNE_B, 3, 1, first=40)
    targets()
    refresh_snapshot()


def run_queued() -> int:
    """Run the forecasts the dummy backend queued, as the worker would."""
    results = list(default_task_backend.results)
    default_task_backend.results.clear()
    for result in results:
        result.task.call(*result.args, **result.kwargs)
    return len(results)


@override_settings(TASKS=QUEUED)
def test_the_first_load_queues_the_forecast_and_polls_until_it_is_there(
    client, manager, registry
) -> None:
    client.force_login(manager)
    response = client.get(DASHBOARD)
    assert response.context["forecast"]["state"] == "computing"
    row = masters_2030(response.context["rows"])
    assert row["forecast"] == {"pending": True}
    body = response.content.decode()
    assert "Đang tính dự báo…" in body and "Dự báo: đang tính…" in body
    assert 'hx-trigger="every 1s"' in body and "forecast_state=1" in body
    assert DashboardForecast.objects.get().state == "queued"
    # Polling while it is queued: the same line again, no reload.
    poll = client.get(DASHBOARD, {"plan": "KH thử", "forecast_state": "1"})
    assert "HX-Refresh" not in poll and "Đang tính dự báo…" in poll.content.decode()
    assert run_queued() == 1
    # Computed: the poll asks the page to reload, which shows the forecast.
    poll = client.get(DASHBOARD, {"plan": "KH thử", "forecast_state": "1"})
    assert poll["HX-Refresh"] == "true"
    response = client.get(DASHBOARD)
    forecast = masters_2030(response.context["rows"])["forecast"]
    assert forecast["value_text"] and forecast["status"]
    assert response.context["forecast"]["state"] == "ready"
    body = response.content.decode()
    assert "Dự báo tính lúc" in body and 'hx-trigger="every 1s"' not in body
    assert run_queued() == 0  # nothing queued again while it is up to date


@override_settings(TASKS=QUEUED)
def test_a_stale_forecast_is_shown_as_stale_while_the_next_is_computed(
    client, manager, registry
) -> None:
    client.force_login(manager)
    client.get(DASHBOARD)
    run_queued()
    mark_changed()  # the registry changed after the forecast was computed
    response = client.get(DASHBOARD)
    assert response.context["forecast"]["state"] == "stale"
    assert masters_2030(response.context["rows"])["forecast"]["value_text"]
    body = response.content.decode()
    assert "trước lần thay đổi số liệu hoặc mục tiêu gần nhất" in body
    assert 'hx-trigger="every 1s"' in body
    # Asked once, however many readers look meanwhile.
    client.get(DASHBOARD)
    assert run_queued() == 1
    assert client.get(DASHBOARD).context["forecast"]["state"] == "ready"


def test_a_changed_target_recomputes_the_forecasts_in_use(
    client, manager, registry, django_capture_on_commit_callbacks
) -> None:
    client.force_login(manager)
    client.get(DASHBOARD)  # computed at once by the test's immediate backend
    first = DashboardForecast.objects.get()
    assert first.state == "done"
    target = Target.objects.get(indicator__code="share_masters")
    with django_capture_on_commit_callbacks(execute=True):
        target.value = 18.0
        target.save()
    again = DashboardForecast.objects.get()
    assert again.computed_at > first.computed_at and again.basis != first.basis
    assert client.get(DASHBOARD).context["forecast"]["state"] == "ready"


def test_a_snapshot_refresh_recomputes_them_after_a_change(
    manager, registry, django_capture_on_commit_callbacks
) -> None:
    from trithuc.indicators.values import Evaluator

    evaluator = Evaluator(manager)
    chosen = list(Target.objects.select_related("indicator"))
    background.lookup(evaluator, chosen)
    first = DashboardForecast.objects.get()
    mark_changed()
    with django_capture_on_commit_callbacks(execute=True):
        refresh_snapshot()
    again = DashboardForecast.objects.get()
    assert again.computed_at > first.computed_at
    assert background.lookup(Evaluator(manager), chosen).state == "ready"


@override_settings(TASKS=QUEUED)
def test_a_failed_forecast_says_so_and_is_not_asked_again_at_once(
    client, manager, registry, monkeypatch
) -> None:
    client.force_login(manager)
    client.get(DASHBOARD)

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(background, "compute_for_dashboard", broken)
    with pytest.raises(RuntimeError):
        run_queued()
    response = client.get(DASHBOARD)
    assert response.context["forecast"]["state"] == "failed"
    assert "Lần tính dự báo gần nhất bị lỗi: hỏng" in response.content.decode()
    assert run_queued() == 0
