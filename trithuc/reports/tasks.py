"""Background work for official reports: the PDF through LibreOffice."""

from django_tasks import task

from trithuc.reports.documents import make_pdf


@task()
def make_pdf_task(report_id: int, user_id: int | None) -> str:
    return make_pdf(report_id, user_id)
