"""Background work of the API: files posted to `/api/imports/`."""

from django_tasks import task

from trithuc.api.import_jobs import run_import


@task()
def run_api_import_task(job_uuid: str, layout: str = "template") -> dict:
    return run_import(job_uuid, layout)
