"""Writes with consequences on the registry. Views, commands and tasks all call these."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from trithuc.accounts.scope import recheck, scope_of
from trithuc.audit.services import record_event
from trithuc.lib.spreadsheet import SpreadsheetError, check_file, open_sheet
from trithuc.orgunits.services import match_agency
from trithuc.people.cbccvc.importing import CbccvcReader
from trithuc.people.fields import remap_stale
from trithuc.people.importing import ImportReport, ProgressCallback, import_people, upload_limits
from trithuc.people.models import Person
from trithuc.people.querysets import unit_in_scope
from trithuc.people.template import DATA_FIELDS, Validated, validate_record
from trithuc.people.writing import Record, content_hash, insert_people, update_people

# The layouts a file may be in: the registry's template, or an export of CSDL CBCCVC.
TEMPLATE = "template"
CBCCVC = "cbccvc"
LAYOUTS = (TEMPLATE, CBCCVC)
OUTSIDE_SCOPE = (
    "Hồ sơ này (hoặc đơn vị công tác mới của người này) nằm ngoài phạm vi bạn được quản lý."
)


def _user(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def import_people_file(
    path: Path,
    *,
    actor: Any = None,
    username: str | None = None,
    source: str = "command",
    strict: bool = False,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    job_id: int | None = None,
    sheet_name: str | None = None,
    progress: ProgressCallback | None = None,
    layout: str = TEMPLATE,
) -> ImportReport:
    """Import a template file and write the audit record of what it changed.

    With an actor, rows (and existing profiles) outside the actor's scope are refused.
    `layout` CBCCVC reads an export of the national database of cadres, civil servants
    and public employees (`people.cbccvc`): the same checks, writes and report, its
    columns named as that file names them.
    """
    actor = actor or _user(username)
    reader = CbccvcReader() if layout == CBCCVC else None
    report = import_people(
        path,
        actor_id=getattr(actor, "pk", None),
        source=source,
        strict=strict,
        dry_run=dry_run,
        mapping=mapping,
        job_id=job_id,
        progress=progress,
        sheet_name=sheet_name,
        scope=(lambda province, unit: unit_in_scope(actor, province, unit)) if actor else None,
        opener=reader.open if reader is not None else open_sheet,
    )
    if reader is not None:
        reader.finish(report)
    if not dry_run:
        record_event(
            "import",
            actor=actor,
            source=source,
            detail={
                "file": path.name,
                "committed": report.committed,
                "strict": strict,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": report.error_total,
                **({"layout": layout} if layout != TEMPLATE else {}),
            },
        )
        if report.committed and (report.created or report.updated or report.provinces):
            # The imported texts of "Chuyên ngành đào tạo" matched to the national list.
            remap_stale()
            transaction.on_commit(partial(_registry_changed, frozenset(report.provinces)))
    return report


def _registry_changed(provinces: frozenset[str] | None = None) -> None:
    """Hook for caches computed from the registry (indicators, dashboards); `provinces`
    are those whose counts may have changed (None: unknown)."""
    from trithuc.people.signals import registry_changed

    registry_changed.send(sender=Person, provinces=provinces)


def _check_write(actor: Any, person: Person) -> None:
    """Commands and the demo act as the system (no user) and are not limited."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    recheck(Person.objects.editable_by(actor), person, OUTSIDE_SCOPE)


def check_person(raw: dict[str, object], today: dt.date | None = None) -> Validated:
    return validate_record(raw, today or timezone.localdate())


class PersonRefused(ValueError):
    """A new profile that may not be written; `field` is the form field to show it at."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


# One answer whether the ID is registered outside the user's scope or inside it: the form
# must not tell a manager of one commune who is registered in another.
ID_TAKEN = ("không thêm được hồ sơ với số định danh này vì số đã được dùng; nếu đây là người "
            "thuộc đơn vị bạn quản lý, hãy tìm hồ sơ đó trong danh sách và sửa.")  # fmt: skip


def create_person(values: dict[str, object], *, actor: Any, source: str = "web") -> Person:
    """A new profile inside the actor's scope, or PersonRefused."""
    if not unit_in_scope(actor, str(values["province_code"]), str(values["workplace_unit"])):
        raise PersonRefused("đơn vị này nằm ngoài phạm vi bạn được quản lý", "workplace_unit")
    if Person.objects.filter(national_id=values["national_id"]).exists():
        record_event("create", actor=actor, source=source,
                     detail={"refused": "national_id_taken"})  # fmt: skip
        raise PersonRefused(ID_TAKEN, "national_id")
    return save_person(values, actor=actor, source=source)


def save_person(
    values: dict[str, object], *, actor: Any, person: Person | None = None, source: str = "web"
) -> Person:
    """Create or update one profile from validated values, keeping its history.

    A user actor must be able to edit the person before the change (an existing profile)
    and after it (the unit and agency it now has); otherwise nothing is written."""
    record = Record(row=0, values=values)
    agency = match_agency(str(values["employer"]), str(values["province_code"]))
    record.agency_id = agency.pk if agency else None
    today = timezone.localdate()
    with transaction.atomic():
        if person is not None:
            _check_write(actor, person)
        if person is None:
            before: dict[str, str] = {}
            insert_people([record], today=today)
            saved = Person.objects.get(national_id=values["national_id"])
            action = "create"
        else:
            before = {name: str(getattr(person, name)) for name in DATA_FIELDS}
            if person.content_hash == content_hash(values):
                return person
            update_people(
                [(person.pk, record)], today=today, actor_id=getattr(actor, "pk", None),
                source=source, job_id=None,
            )  # fmt: skip
            saved = Person.objects.get(pk=person.pk)
            action = "update"
        _check_write(actor, saved)
        remap_stale(person_ids=[saved.pk])
        saved.refresh_from_db(fields=["field_code", "field_code_text"])
        # Where the person's counts may change: every province of their history.
        provinces = frozenset(saved.employments.values_list("province_code", flat=True))
        after = {name: str(getattr(saved, name)) for name in DATA_FIELDS}
        changed = [name for name in DATA_FIELDS if before.get(name) != after[name]]
        record_event(
            action, actor=actor, source=source, obj=saved, fields=changed,
            before={k: before[k] for k in changed if k in before},
            after={k: after[k] for k in changed},
        )  # fmt: skip
        transaction.on_commit(partial(_registry_changed, provinces))
    return saved


def start_import_job(upload: Any, *, actor: Any, strict: bool, layout: str = TEMPLATE) -> Any:
    """Store an uploaded file and check it (a preview): in the background when big.
    `layout` CBCCVC: an export of CSDL CBCCVC (`people.cbccvc`)."""
    from django.conf import settings

    from trithuc.people.models import ImportJob

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
    from django.conf import settings

    from trithuc.people.jobs import run_import_job
    from trithuc.people.tasks import run_import_job_task

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
    from trithuc.lib.spreadsheet import SpreadsheetError, open_sheet

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


def release_memory() -> None:
    """After an upload has been read: collect what it left and give the heap back to
    the system, so that a series of big (or hostile) uploads does not leave the web
    process holding gigabytes."""
    import gc

    from trithuc.people.parallel import release_free_memory

    gc.collect()
    release_free_memory()


def _mapping_owner(actor: Any) -> dict[str, Any]:
    """Mappings belong to the user's agency when they have one, so colleagues share them."""
    agency_id = scope_of(actor).first_agency() if actor is not None else None
    return (
        {"agency_id": agency_id, "owner": None} if agency_id else {"agency": None, "owner": actor}
    )


def saved_mapping(actor: Any) -> dict[str, str]:
    from trithuc.people.models import ColumnMapping

    if actor is None:
        return {}
    return {
        mapping.header_folded: mapping.field
        for mapping in ColumnMapping.objects.filter(**_mapping_owner(actor))
    }


def remap_import_job(job: Any, mapping: dict[str, str], *, actor: Any) -> None:
    """Point unmatched headers at template fields, remember it, and check again."""
    from trithuc.lib.text import fold_alnum
    from trithuc.people.models import ColumnMapping

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
