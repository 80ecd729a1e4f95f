"""Background work for plans: reading an uploaded document that needs LibreOffice or OCR."""

from django.db import transaction
from django_tasks import task

from trithuc.plans.importing import read_draft
from trithuc.plans.models import DraftStatus, PlanDraft


@task()
def read_plan_draft_task(draft_id: int) -> dict:
    draft = read_draft(PlanDraft.objects.get(pk=draft_id))
    return {"status": draft.status, "pages": len(draft.pages)}


def start_reading(draft: PlanDraft) -> None:
    """Queue the reading of a draft left READING, once its row is committed."""
    if draft.status == DraftStatus.READING:
        transaction.on_commit(lambda: read_plan_draft_task.enqueue(draft.pk))
