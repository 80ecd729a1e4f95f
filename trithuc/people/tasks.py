"""Background work for the registry: big imports and their previews."""

from django_tasks import task

from trithuc.people.jobs import run_import_job
from trithuc.people.models import ImportJob


@task()
def run_import_job_task(job_id: int, dry_run: bool) -> dict:
    job = ImportJob.objects.get(pk=job_id)
    report = run_import_job(job, dry_run=dry_run)
    return {"rows": report.rows, "errors": len(report.errors), "committed": report.committed}
