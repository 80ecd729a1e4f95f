"""Background work for indicators: the snapshot refresh queued after registry changes."""

from django_tasks import task


@task()
def refresh_indicators(requested_at: str | None = None, provinces: list[str] | None = None) -> dict:
    from trithuc.indicators.services import refresh_if_requested

    return refresh_if_requested(requested_at, provinces)
