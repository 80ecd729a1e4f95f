"""Writes with consequences on the registry. Views, commands and tasks all call these."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import timezone

from trithuc.accounts.scope import recheck
from trithuc.audit.services import record_event
from trithuc.lib.spreadsheet import open_sheet
from trithuc.orgunits.services import match_agency
from trithuc.people.cbccvc.importing import CbccvcReader
from trithuc.people.fields import remap_stale
from trithuc.people.importing import ImportReport, ProgressCallback, import_people
from trithuc.people.models import Person
from trithuc.people.querysets import unit_in_scope
from trithuc.people.signals import registry_changed
from trithuc.people.template import DATA_FIELDS, Validated, validate_record
from trithuc.people.writing import Record, content_hash, insert_people, update_people

# The layouts a file may be in: the registry's template, or an export of CSDL CBCCVC.
TEMPLATE = "template"
CBCCVC = "cbccvc"
LAYOUTS = (TEMPLATE, CBCCVC)
logger = logging.getLogger(__name__)
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
            _match_fields(report.provinces)
            transaction.on_commit(partial(_registry_changed, frozenset(report.provinces),
                                          frozenset(report.fresh_provinces)))  # fmt: skip
    return report


def _match_fields(provinces: set[str]) -> None:
    """The imported texts of "Chuyên ngành đào tạo" matched to the national list. The
    import has committed: a failure here must not report it failed; the texts stay
    unmatched and the next import, edit or review matches them."""
    try:
        remap_stale(provinces=provinces)
    except DatabaseError:
        logger.exception("Could not match the imported training fields")


def _registry_changed(
    provinces: frozenset[str] | None = None, fresh: frozenset[str] = frozenset()
) -> None:
    """Hook for caches computed from the registry (indicators, dashboards); `provinces`
    are those whose counts may have changed (None: unknown), `fresh` those whose
    figures the change's own transaction already brought up to date (`people_added`)."""
    registry_changed.send(sender=Person, provinces=provinces, fresh=fresh)


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
