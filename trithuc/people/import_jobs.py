"""An import job's life on the web: the upload stored and checked, its preview, a column
mapping, the commit; each run at once when small, else queued for the worker
(`tasks.run_import_job_task`) with its progress in the cache (`jobs`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from trithuc.accounts.scope import scope_of
from trithuc.lib.spreadsheet import SpreadsheetError, check_file, open_sheet
from trithuc.lib.text import fold_alnum
from trithuc.people.importing import upload_limits
from trithuc.people.jobs import run_import_job
from trithuc.people.models import ColumnMapping, ImportJob
from trithuc.people.parallel import release_memory
from trithuc.people.services import TEMPLATE
from trithuc.people.tasks import run_import_job_task


def start_import_job(upload: Any, *, actor: Any, strict: bool, layout: str = TEMPLATE) -> Any:
    """Store an uploaded file and check it (a preview): in the background when big.
    `layout` CBCCVC: an export of CSDL CBCCVC (`people.cbccvc`)."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    job = ImportJob.objects.create(
        created_by=actor, original_name=Path(upload.name).name[:255], strict=strict,
        mapping=saved_mapping(actor), stored_path="", layout=layout,
    )  # fmt: skip
    target = folder / f"{job.uuid}{Path(upload.name).suffix.lower()}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job.stored_path = str(target)
    job.save(update_fields=["stored_path"])
    try:
        # Size and zip-bomb checks come before anything opens the file.
        check_file(target, upload_limits())
    except SpreadsheetError as exc:
        job.status = "failed"
        job.message = str(exc)
        job.save(update_fields=["status", "message"])
        return job
    _run_or_enqueue(job, dry_run=True)
    return job


def _run_or_enqueue(job: Any, *, dry_run: bool) -> None:
    if _estimated_rows(Path(job.stored_path)) > settings.TRITHUC_BACKGROUND_IMPORT_ROWS:
        job.status = "queued"
        job.save(update_fields=["status"])
        transaction.on_commit(lambda: run_import_job_task.enqueue(job.pk, dry_run))
        return
    try:
        run_import_job(job, dry_run=dry_run)
    finally:
        release_memory()
    if (
        dry_run
        and job.report.get("unknown_headers")
        and any("thiếu cột" in error["message"] for error in job.report.get("errors", []))
    ):
        job.status = "needs_mapping"
        job.save(update_fields=["status"])


def _estimated_rows(path: Path) -> int:
    """How many rows the file holds, without parsing it in the web request: an XLSX
    sheet's <dimension>, a CSV's line count; other formats (small in practice) are
    opened."""
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            found = xlsx_dimension_rows(path)
            if found is not None:
                return found
        if path.suffix.lower() == ".csv":
            with path.open("rb") as handle:
                return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        sheet = open_sheet(path)
        try:
            return sheet.total_rows
        finally:
            del sheet
            release_memory()
    except (SpreadsheetError, OSError):
        return 0


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def xlsx_dimension_rows(path: Path) -> int | None:
    """The last row of the first worksheet's declared range (read from its first
    kilobytes), or None when the file does not declare it."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not names:
            return None
        with archive.open(names[0]) as member:
            head = member.read(4096)
    match = _DIMENSION.search(head)
    if match is None:
        return None
    return int(match.group(1) or 1)


def _mapping_owner(actor: Any) -> dict[str, Any]:
    """Mappings belong to the user's agency when they have one, so colleagues share them."""
    agency_id = scope_of(actor).first_agency() if actor is not None else None
    return (
        {"agency_id": agency_id, "owner": None} if agency_id else {"agency": None, "owner": actor}
    )


def saved_mapping(actor: Any) -> dict[str, str]:
    if actor is None:
        return {}
    return {
        mapping.header_folded: mapping.field
        for mapping in ColumnMapping.objects.filter(**_mapping_owner(actor))
    }


def remap_import_job(job: Any, mapping: dict[str, str], *, actor: Any) -> None:
    """Point unmatched headers at template fields, remember it, and check again."""
    folded = {fold_alnum(header): field for header, field in mapping.items()}
    for header, field in folded.items():
        ColumnMapping.objects.update_or_create(
            **_mapping_owner(actor), header_folded=header, defaults={"field": field}
        )
    job.mapping = {**(job.mapping or {}), **folded}
    job.save(update_fields=["mapping"])
    _run_or_enqueue(job, dry_run=True)


def confirm_import_job(job: Any) -> None:
    _run_or_enqueue(job, dry_run=False)
