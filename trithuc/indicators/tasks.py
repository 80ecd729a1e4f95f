"""Background work for indicators: the snapshot refresh queued after registry changes."""

from django_tasks import task

from trithuc.indicators.snapshots import refresh_if_requested


@task()
def refresh_indicators(requested_at: str | None = None, provinces: list[str] | None = None) -> dict:
    return refresh_if_requested(requested_at, provinces)
