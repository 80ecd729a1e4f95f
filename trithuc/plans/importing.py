"""A plan document in, a plan out, with the user's review in between.

`start_draft` reads an uploaded file with the plan parser and keeps the result as a
draft (a .doc/.odt/.rtf or a scan is left READING for `read_draft`, run by a background
task: LibreOffice, or OCR page by page with its progress in the cache; the recognised
pages are corrected by `correct_draft_text` before anything is saved); `review_proposal` turns the draft into what the review screen shows (header,
one row per agency name with suggestions from the catalogue, targets, tasks); and
`confirm_draft` saves the plan as the user corrected it, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from trithuc.audit.services import record_event
from trithuc.indicators.models import Indicator
from trithuc.indicators.services import TargetError, indicator_for_wording, load_targets
from trithuc.lib.forms import parse_date
from trithuc.lib.plan_parser import PlanParseError, parse_plan_text
from trithuc.lib.plan_parser.ocr import LOW_CONFIDENCE, OcrPage
from trithuc.lib.plan_parser.readers import (
    needs_slow_reading,
    read_plan_document,
    read_plan_file,
)
from trithuc.lib.text import fold_alnum
from trithuc.orgunits.models import Agency
from trithuc.orgunits.services import agency_key, clear_cache, match_agency
from trithuc.plans import access
from trithuc.plans.models import DocumentKind, DraftStatus, Plan, PlanDraft, Recurrence, Task
from trithuc.plans.services import PlanError, save_plan, save_task

PLAN_FILE_TYPES = {".txt", ".docx", ".pdf", ".doc", ".odt", ".rtf"}
PROGRESS_KEY = "plan-draft-progress:{}"
PLAN_FILE_MAX_BYTES = 10 * 1024 * 1024
NEW = "new"
SKIP = ""


def start_draft(upload: UploadedFile, *, actor: Any, province_code: str) -> PlanDraft:
    """Read and parse an uploaded plan; PlanError (Vietnamese) when it cannot be read."""
    name = Path(upload.name or "van-ban").name
    suffix = Path(name).suffix.lower()
    if suffix not in PLAN_FILE_TYPES:
        raise PlanError(_('Tệp "%(name)s" không được nhận: hãy tải lên văn bản .docx, .doc, '
                          ".odt, .rtf, .pdf (kể cả bản quét) hoặc .txt.") % {"name": name})  # fmt: skip
    if upload.size > PLAN_FILE_MAX_BYTES:
        raise PlanError(f'Tệp "{name}" lớn hơn 10 MB.')
    with tempfile.TemporaryDirectory(prefix="trithuc-plan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        slow = needs_slow_reading(path)
        text, parsed = "", {}
        if not slow:
            try:
                text = read_plan_file(path)
                parsed = parse_plan_text(text)
            except PlanParseError as exc:
                raise PlanError(str(exc)) from None
    upload.seek(0)
    draft = PlanDraft(province_code=province_code, source_name=name, text=text, parsed=parsed,
                      created_by=actor,
                      status=DraftStatus.READING if slow else DraftStatus.READY)  # fmt: skip
    draft.source_file.save(name, upload, save=False)
    draft.save()
    record_event("plan_draft_upload", actor=actor, source="web", obj=draft,
                 detail={"file": name, "tasks": len(parsed.get("tasks", [])),
                         "targets": len(parsed.get("targets", [])),
                         "background": slow})  # fmt: skip
    return draft


# ---- reading in the background: conversion and OCR ------------------------------------------


def set_progress(draft: PlanDraft, done: int, total: int) -> None:
    cache.set(PROGRESS_KEY.format(draft.uuid), {"done": done, "total": total}, 24 * 3600)


def get_progress(draft: PlanDraft) -> dict[str, int]:
    return cache.get(PROGRESS_KEY.format(draft.uuid)) or {"done": 0, "total": 0}


def _page_record(page: OcrPage, draft: PlanDraft) -> dict[str, Any]:
    image = ""
    if page.image:
        stored = f"plan-drafts/pages/{draft.uuid}/page-{page.number:03d}.png"
        image = default_storage.save(stored, ContentFile(Path(page.image).read_bytes()))
    return {"number": page.number, "text": page.text, "confidence": page.confidence,
            "lines": [[line.text, line.confidence] for line in page.lines],
            "seconds": page.seconds, "image": image, "corrected": False}  # fmt: skip


def read_draft(draft: PlanDraft) -> PlanDraft:
    """Read a draft left READING: convert or OCR its file, then parse the text.

    A scan whose text is not recognised as a plan stays open for correction (the
    message says why); any other unreadable file marks the draft FAILED."""
    if draft.status != DraftStatus.READING:
        return draft
    suffix = Path(draft.source_name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="trithuc-plan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with draft.source_file.open("rb") as source, path.open("wb") as handle:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                handle.write(chunk)
        try:
            document = read_plan_document(
                path, progress=lambda done, total: set_progress(draft, done, total),
                preview_dir=Path(folder) / "pages",
            )  # fmt: skip
        except PlanParseError as exc:
            draft.status, draft.message = DraftStatus.FAILED, str(exc)
            draft.save(update_fields=["status", "message"])
            return draft
        draft.pages = [_page_record(page, draft) for page in document.pages]
    draft.text = document.text
    try:
        draft.parsed, draft.message = parse_plan_text(document.text), ""
        draft.status = DraftStatus.READY
    except PlanParseError as exc:
        draft.parsed, draft.message = {}, str(exc)
        draft.status = DraftStatus.READY if draft.pages else DraftStatus.FAILED
    draft.save(update_fields=["text", "parsed", "pages", "status", "message"])
    record_event("plan_draft_read", actor=draft.created_by, source="task", obj=draft,
                 detail={"file": draft.source_name, "pages": len(draft.pages),
                         "status": draft.status})  # fmt: skip
    return draft


def ocr_review_pages(draft: PlanDraft) -> list[dict[str, Any]]:
    """The recognised pages as the review screen shows them: each line with its
    confidence, the doubtful ones marked."""
    pages = []
    for page in draft.pages:
        lines = [{"text": text, "confidence": conf, "low": conf < LOW_CONFIDENCE}
                 for text, conf in page.get("lines", [])]  # fmt: skip
        pages.append({**page, "lines": lines, "low_count": sum(1 for x in lines if x["low"])})
    return pages


def correct_draft_text(draft: PlanDraft, texts: dict[int, str], *, actor: Any) -> PlanDraft:
    """Replace the recognised text of the pages the user corrected and read the
    document again; nothing is saved if the corrected text cannot be read as a plan."""
    if not access.can_create_plans(actor) or draft.created_by_id != actor.pk:
        raise PlanError(_("Bạn không có quyền sửa văn bản này."))
    if draft.plan_id:
        raise PlanError(_("Văn bản này đã được lưu thành kế hoạch."))
    if not draft.pages:
        raise PlanError(_("Văn bản này không phải bản quét: không có trang nhận dạng để sửa."))
    with transaction.atomic():
        locked = PlanDraft.objects.select_for_update().get(pk=draft.pk)
        pages = [dict(page) for page in locked.pages]
        for page in pages:
            new = texts.get(page["number"])
            if new is not None and new.replace("\r\n", "\n") != page["text"]:
                page["text"], page["corrected"] = new.replace("\r\n", "\n"), True
        text = "\n".join(page["text"].rstrip("\n") for page in pages)
        try:
            parsed = parse_plan_text(text)
        except PlanParseError as exc:
            raise PlanError(str(exc)) from None
        locked.pages, locked.text, locked.parsed, locked.message = pages, text, parsed, ""
        locked.save(update_fields=["pages", "text", "parsed", "message"])
        record_event("plan_draft_corrected", actor=actor, source="web", obj=locked,
                     detail={"pages": [p["number"] for p in pages if p["corrected"]]})  # fmt: skip
    return locked


# ---- agency names and suggestions ----------------------------------------------------------


def _is_generic(name: str) -> bool:
    """ "các sở, ban, ngành", "Các cấp ủy đảng": many agencies, not one to pick."""
    words = fold_alnum(name).split()
    return bool(words) and words[0] in {"cac", "moi", "nhung"}


def suggest_agencies(name: str, province_code: str, limit: int = 4) -> list[tuple[Agency, float]]:
    """Agencies of the province whose name (or alias) is closest to `name`, best first."""
    exact = match_agency(name, province_code)
    key = agency_key(name)
    scored: list[tuple[float, Agency]] = []
    for agency in Agency.objects.filter(province_code=province_code):
        if exact is not None and agency.pk == exact.pk:
            scored.append((1.0, agency))
            continue
        best = max(
            difflib.SequenceMatcher(None, key, agency_key(candidate)).ratio()
            for candidate in [agency.name, agency.short_name, *agency.aliases] if candidate
        )  # fmt: skip
        scored.append((best, agency))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [(agency, score) for score, agency in scored[:limit] if score >= 0.5]


def default_choice(name: str, suggestions: list[tuple[Agency, float]]) -> str:
    """What the review screen preselects: a sure match, else a new agency for a named
    body and nothing for a generic one ("các sở, ngành")."""
    if suggestions and suggestions[0][1] >= 0.85:
        return str(suggestions[0][0].pk)
    return SKIP if _is_generic(name) else NEW


def _names(values: Any) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values if v]


# ---- from parser output to review rows -----------------------------------------------------


def _recurrence(text: str | None) -> str:
    folded = fold_alnum(text or "")
    if "6 thang" in folded or "sau thang" in folded:
        return Recurrence.SIX_MONTHLY
    if "nam" in folded.split() and "thuong xuyen" not in folded:
        return Recurrence.YEARLY
    return Recurrence.EVERY_PERIOD


def _deadline(deadline: dict | None) -> dict[str, Any]:
    deadline = deadline or {}
    kind = deadline.get("kind") or "none"
    if kind == "fixed" and deadline.get("date"):
        return {"deadline_kind": "fixed", "due_on": deadline["date"], "recurrence": "",
                "deadline_text": deadline.get("text") or ""}  # fmt: skip
    return {"deadline_kind": "recurring", "due_on": "",
            "recurrence": _recurrence(deadline.get("text")),
            "deadline_text": deadline.get("text") or ("" if kind == "none" else kind)}  # fmt: skip


def _deadline_for(number: str, parsed: dict) -> dict | None:
    """A deadline the parser found inside a numbered part (III.1.a belongs to III.1)."""
    found = [d for d in parsed.get("deadlines", [])
             if d.get("where") == number or str(d.get("where", "")).startswith(number + ".")]  # fmt: skip
    fixed = [d for d in found if d.get("kind") == "fixed"]
    return (fixed or found or [None])[0]


_PLAN_VERBS = ("xay dung", "ban hanh", "co ke hoach", "trien khai ke hoach")
_PLAN_NOUNS = ("ke hoach", "chuong trinh")


def _source(record: dict, lines: list[str]) -> str:
    """The text of a parsed part, from its [first, last] line numbers (1-based)."""
    span = record.get("lines") or []
    if len(span) != 2 or not lines:
        return ""
    return " ".join(line.strip() for line in lines[span[0] - 1 : span[1]] if line.strip())


def _asks_for_a_plan(text: str) -> bool:
    """ "... xây dựng chương trình, kế hoạch ... để thực hiện": the duty is a sub-plan."""
    folded = fold_alnum(text)
    return any(v in folded for v in _PLAN_VERBS) and any(n in folded for n in _PLAN_NOUNS)


def _short_title(text: str, fallback: str) -> str:
    """The duty's own words, cut at the first sentence and at 300 characters."""
    body = re.sub(r"^\s*(?:\d+|[IVXLC]+|[a-zđ])[.)]\s*", "", text.replace("**", "")).strip()
    sentence = body.split(". ", 1)[0]
    return (sentence[:297] + "…") if len(sentence) > 300 else (sentence or fallback)


def proposed_tasks(parsed: dict, lines: list[str] | None = None) -> list[dict[str, Any]]:
    """Tasks from "Nhiệm vụ, giải pháp" and duties from "Tổ chức thực hiện"."""
    lines = lines or []
    rows: list[dict[str, Any]] = []
    for task in parsed.get("tasks", []):
        deadline = task.get("deadline")
        if not deadline or deadline.get("kind") == "none":
            deadline = _deadline_for(str(task.get("number", "")), parsed) or deadline
        rows.append({"number": task.get("number") or "", "title": task.get("title") or "",
                     "description": _source(task, lines),
                     "lead": _names(task.get("lead"))[:1],
                     "coordinating": _names(task.get("lead"))[1:] + _names(task.get("implementers")),
                     "requires_plan": False, "section": "tasks", "include": True,
                     **_deadline(deadline)})  # fmt: skip
    for duty in parsed.get("assignments", []):
        number = str(duty.get("number") or "")
        agencies = _names(duty.get("agencies")) or _names(duty.get("agency"))
        lead = agencies[:1] if (duty.get("lead") or len(agencies) == 1) else []
        others = [a for a in agencies if a not in lead]
        deadline = duty.get("deadline") or _deadline_for(number, parsed)
        printed = duty.get("printed_number") or number
        text = _source(duty, lines)
        fallback = f"Tổ chức thực hiện (mục {printed}): {duty.get('agency') or ''}"[:500]
        rows.append({"number": number, "title": _short_title(text, fallback), "description": text,
                     "lead": lead, "coordinating": others + _names(duty.get("coordinates_with")),
                     "requires_plan": _asks_for_a_plan(text),
                     "section": "assignments", "include": True, **_deadline(deadline)})  # fmt: skip
    return rows


def owner_candidate(parsed: dict) -> str | None:
    """The agency that follows the plan: the one reporting periodically to the issuer."""
    for entry in parsed.get("reporting", []):
        if entry.get("frequency") and entry.get("from") and not _is_generic(entry["from"]):
            return str(entry["from"])
    for duty in parsed.get("assignments", []):
        if duty.get("lead") and duty.get("agency"):
            return str(duty["agency"])
    return None


def agency_names(parsed: dict, tasks: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    owner = owner_candidate(parsed)
    for name in [owner, *(n for t in tasks for n in [*t["lead"], *t["coordinating"]])]:
        if name and name not in names:
            names.append(name)
    return names


def _kind(number: str | None) -> str:
    if number and "-" in number:
        code = number.split("-", 1)[1].split("/", 1)[0]
        if code in DocumentKind.values:
            return code
    return DocumentKind.PLAN


@dataclass
class Proposal:
    header: dict[str, Any]
    agencies: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def _worded_indicator(item: dict[str, Any]) -> str:
    """The indicator the review proposes: the built-in whose population the target's
    words name ("cán bộ, công chức, viên chức" counts cadres; "công chức, viên chức"
    does not), when it exists; the reviewer may still pick another."""
    code = str(item.get("indicator") or "")
    worded = indicator_for_wording(code, item.get("population"))
    if worded != code and Indicator.objects.filter(code=worded).exists():
        return worded
    return code


def review_proposal(draft: PlanDraft) -> Proposal:
    parsed = draft.parsed
    tasks = proposed_tasks(parsed, draft.text.splitlines())
    agencies = []
    for name in agency_names(parsed, tasks):
        suggestions = suggest_agencies(name, draft.province_code)
        agencies.append({"name": name, "suggestions": suggestions,
                         "choice": default_choice(name, suggestions),
                         "generic": _is_generic(name)})  # fmt: skip
    number = parsed.get("number") or ""
    kind = _kind(number)
    issued_with = parsed.get("issued_with") or {}
    if not number and issued_with.get("number"):
        # A plan issued with a decision has no number of its own: it is cited by the
        # decision's ("Kế hoạch ban hành kèm theo Quyết định số 142/QĐ-TTg").
        number, kind = issued_with["number"], DocumentKind.PLAN
    implements = list(parsed.get("implements") or [])
    header = {
        "kind": kind, "number": number, "title": parsed.get("title") or "",
        "issued_on": parsed.get("date") or "", "issuer": parsed.get("issuer") or "",
        "owner": owner_candidate(parsed) or "", "implements_numbers": ", ".join(implements),
        "implements": [p.pk for p in Plan.objects.filter(number__in=implements)],
    }  # fmt: skip
    targets = []
    for item in parsed.get("targets", []):
        value = item.get("value")
        low, high = (value[0], value[1]) if isinstance(value, list) else (value, None)
        targets.append({"text": item.get("text") or "", "indicator": _worded_indicator(item),
                        "period_start": item.get("period_start"),
                        "comparator": item.get("comparator") or ">=", "value": low,
                        "value_high": high, "unit": item.get("unit") or "",
                        "year": item.get("year") or "", "sector": item.get("sector") or "",
                        "baseline": item.get("baseline"), "lines": item.get("lines"),
                        "include": True})  # fmt: skip
    notes = list(parsed.get("notes", []))
    if not number:
        notes.append("Văn bản không ghi số hiệu: nhập số nếu có (có thể để trống).")
    if not parsed.get("date"):
        notes.append("Không đọc được ngày ban hành: hãy nhập ngày ban hành.")
    return Proposal(header, agencies, targets, tasks, notes)


# ---- confirming ----------------------------------------------------------------------------


@dataclass
class Review:
    """What the user confirmed on the review screen."""

    header: dict[str, Any]
    agency_choices: dict[str, str]  # printed name -> "" (leave), "new", or an agency pk
    targets: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    implements: list[Plan] = field(default_factory=list)


def _resolve_agencies(choices: dict[str, str], province_code: str,
                      actor: Any) -> dict[str, Agency | None]:  # fmt: skip
    resolved: dict[str, Agency | None] = {}
    created = False
    for name, choice in choices.items():
        if choice == NEW:
            agency = Agency.objects.filter(province_code=province_code, name=name[:200]).first()
            if agency is None:
                agency = Agency.objects.create(province_code=province_code, name=name[:200])
                record_event("create", actor=actor, source="web", obj=agency,
                             detail={"from": "plan import"})  # fmt: skip
                created = True
            resolved[name] = agency
        elif choice:
            agency = Agency.objects.filter(province_code=province_code, pk=choice).first()
            if agency is None:
                raise PlanError(f'Cơ quan chọn cho "{name}" không thuộc tỉnh của kế hoạch.')
            resolved[name] = agency
        else:
            resolved[name] = None
    if created:
        transaction.on_commit(clear_cache)
    return resolved


def _date(value: Any, label: str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return parse_date(str(value))  # typed dd/mm/yyyy on the review page; ISO from files
    except ValueError:
        raise PlanError(f"{label}: ngày không hợp lệ ({value}).") from None


def confirm_draft(draft: PlanDraft, review: Review, *, actor: Any) -> Plan:
    """Save the plan, its tasks and targets exactly as reviewed; all or nothing."""
    if draft.plan_id:
        raise PlanError("Văn bản này đã được lưu thành kế hoạch.")
    header = review.header
    issued_on = _date(header.get("issued_on"), "Ngày ban hành")
    if issued_on is None:
        raise PlanError("Cần nhập ngày ban hành của văn bản.")
    if not str(header.get("title") or "").strip():
        raise PlanError("Cần nhập trích yếu (tên) của văn bản.")
    number = str(header.get("number") or "").strip()
    if number and Plan.objects.filter(province_code=draft.province_code, number=number).exists():
        raise PlanError(f"Kế hoạch số {number} đã có trong hệ thống của tỉnh; không lưu lần nữa.")
    with transaction.atomic():
        agencies = _resolve_agencies(review.agency_choices, draft.province_code, actor)
        plan = Plan(
            kind=header.get("kind") or DocumentKind.PLAN, number=header.get("number") or "",
            title=str(header["title"])[:500], issued_on=issued_on,
            issuer=header.get("issuer") or "", province_code=draft.province_code,
            owner_agency=agencies.get(header.get("owner") or ""),
            implements_numbers=[n.strip() for n in str(header.get("implements_numbers") or "")
                                .split(",") if n.strip()],
            objectives=header.get("objectives") or "",
            reporting_frequency=header.get("reporting_frequency") or "yearly",
            due_days_after_cutoff=int(header.get("due_days_after_cutoff") or 6),
            mid_term_review_on=_date(header.get("mid_term_review_on"), "Hạn sơ kết"),
            final_review_on=_date(header.get("final_review_on"), "Hạn tổng kết"),
            source_name=draft.source_name, source_text=draft.text, parsed=draft.parsed,
        )  # fmt: skip
        plan.source_file.name = draft.source_file.name
        save_plan(plan, actor=actor, implements=review.implements, source="import")
        for position, row in enumerate((r for r in review.tasks if r.get("include", True)), 1):
            lead = next((agencies[n] for n in row.get("lead", []) if agencies.get(n)), None)
            coordinating = [agencies[n] for n in row.get("coordinating", []) if agencies.get(n)]
            task = Task(plan=plan, number=row.get("number") or "",
                        title=str(row.get("title") or "")[:500] or f"Nhiệm vụ {position}",
                        description=str(row.get("description") or ""),
                        position=position, lead_agency=lead,
                        agencies_as_printed=[*row.get("lead", []), *row.get("coordinating", [])],
                        deadline_kind=row.get("deadline_kind") or "recurring",
                        due_on=_date(row.get("due_on"), f"Thời hạn nhiệm vụ {row.get('number')}"),
                        recurrence=row.get("recurrence") or "",
                        deadline_text=str(row.get("deadline_text") or "")[:200],
                        requires_plan=bool(row.get("requires_plan")))  # fmt: skip
            save_task(task, actor=actor, coordinating=coordinating, source="import")
        targets = [t for t in review.targets if t.get("include", True)]
        if targets:
            parsed_targets = {**draft.parsed, "targets": [
                {"text": t["text"], "indicator": t.get("indicator") or None,
                 "comparator": t.get("comparator") or ">=",
                 "value": [t["value"], t["value_high"]] if t.get("value_high") not in (None, "")
                 else t["value"], "unit": t.get("unit") or "", "year": t.get("year") or None,
                 "sector": t.get("sector") or None, "baseline": t.get("baseline"),
                 "lines": t.get("lines"), "period_start": t.get("period_start")}
                for t in targets]}  # fmt: skip
            try:
                load_targets(parsed_targets, unit_code=plan.province_code, code_system="2025",
                             plan_reference=plan.reference, plan_date=issued_on, actor=actor,
                             source="web", plan=plan)  # fmt: skip
            except TargetError as exc:
                raise PlanError(str(exc)) from None
        draft.plan = plan
        draft.save(update_fields=["plan"])
        record_event("plan_import", actor=actor, source="web", obj=plan,
                     detail={"file": draft.source_name, "tasks": plan.tasks.count(),
                             "targets": len(targets),
                             "new_agencies": sorted(n for n, c in review.agency_choices.items()
                                                    if c == NEW)})  # fmt: skip
    return plan


def accept_proposal(
    draft: PlanDraft, *, actor: Any, overrides: dict[str, Any] | None = None
) -> Plan:
    """Confirm a draft as the parser proposed it (the demo and the command line use this;
    the web always goes through the review screen)."""
    proposal = review_proposal(draft)
    header = {**proposal.header, **(overrides or {})}
    review = Review(header=header,
                    agency_choices={a["name"]: a["choice"] for a in proposal.agencies},
                    targets=proposal.targets, tasks=proposal.tasks,
                    implements=list(Plan.objects.filter(pk__in=proposal.header["implements"])))  # fmt: skip
    return confirm_draft(draft, review, actor=actor)
