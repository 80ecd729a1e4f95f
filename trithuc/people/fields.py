"""Training fields coded against the national list (code list "training_field"):
the free text of "Chuyên ngành đào tạo" matched to a code, and the review step where a
registry manager confirms a code for a text nothing matched.

Matching never guesses. A text maps to a code when it starts with a code of the list
("7480201", "7480201 - Công nghệ thông tin"), or when, ignoring case, diacritics,
punctuation, spaces and the word "và" (`codelists.services.match_key`), it is a text a
manager of the province confirmed, or exactly the name of one entry: a ngành first, then
a nhóm ngành, then a lĩnh vực (the most precise wins: "Thú y" is the ngành 7640101, not
the nhóm or lĩnh vực of the same name), then a known alias ("CNTT", "Y đa khoa"). A key
two entries share at the same tier is ambiguous and maps to nothing; the review page
proposes the candidates instead. Anything else stays unmapped.

A person's `field_code_text` is the text the code was matched from: `remap_stale`
matches again exactly the people whose text changed (or never was matched), in one query
and one UPDATE per text and chunk, so it runs after every import and edit. A confirmed
text is remembered per province (`FieldAlias`), so the next import maps it at once.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q

from trithuc.accounts.scope import Capability, scope_of
from trithuc.audit.services import record_event
from trithuc.codelists.models import CodeEntry
from trithuc.codelists.services import match_key
from trithuc.lib.text import fold, nfc
from trithuc.people.models import FieldAlias, Person
from trithuc.people.signals import registry_changed

LIST_NAME = "training_field"
CHUNK = 900
GROUPS = 300  # (province, text) pairs per INSERT: 900 parameters
MAP_TABLE = "trithuc_field_map"
_LEADING_CODE = re.compile(r"^\s*(\d{7}|\d{5}|\d{3})(?!\d)")
# Names too vague to stand for one field however exactly they are written.
_NOT_A_NAME = {"khac"}
PROPOSALS = 5


class FieldCodeError(ValueError):
    """A confirmation that cannot be applied; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Match:
    code: str | None
    candidates: tuple[str, ...] = ()  # the entries an ambiguous text could be

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len(self.candidates) > 1


@dataclass
class Matcher:
    """Look-ups for one province: the national list and the province's confirmed texts."""

    labels: dict[str, str]  # code → label
    confirmed: dict[str, str] = field(default_factory=dict)  # key → code
    tiers: list[dict[str, set[str]]] = field(default_factory=list)
    words: list[tuple[str, str]] = field(default_factory=list)  # (folded name, code)

    @classmethod
    def build(
        cls, entries: Iterable[tuple[str, str, Sequence[str]]], confirmed: dict[str, str]
    ) -> Matcher:
        labels: dict[str, str] = {}
        by_length: dict[int, dict[str, set[str]]] = {7: {}, 5: {}, 3: {}}
        aliases: dict[str, set[str]] = {}
        words = []
        for code, label, alias_list in entries:
            labels[code] = label
            key = match_key(label)
            if key and key not in _NOT_A_NAME and len(code) in by_length:
                by_length[len(code)].setdefault(key, set()).add(code)
            words.append((fold(label), code))
            for alias in alias_list or ():
                aliases.setdefault(match_key(alias), set()).add(code)
                words.append((fold(alias), code))
        tiers = [by_length[7], by_length[5], by_length[3], aliases]
        return cls(labels, dict(confirmed), tiers, words)

    def match(self, text: object) -> Match:
        raw = nfc(str(text or "")).strip()
        if not raw:
            return Match(None)
        leading = _LEADING_CODE.match(raw)
        if leading and leading.group(1) in self.labels:
            return Match(leading.group(1))
        key = match_key(raw)
        if key in self.confirmed and self.confirmed[key] in self.labels:
            return Match(self.confirmed[key])
        for tier in self.tiers:
            found = tier.get(key)
            if found:
                if len(found) == 1:
                    return Match(next(iter(found)))
                return Match(None, tuple(sorted(found)))
        return Match(None)

    def propose(self, text: str, limit: int = PROPOSALS) -> list[str]:
        """Codes whose names look like `text` (for a person to choose from, never applied
        by themselves): names sharing its meaningful words (a weighted Jaccard share:
        "học", "kỹ thuật", "công nghệ"… count little), or a spelling almost the same."""
        folded = " ".join(fold(nfc(text)).split())
        if not folded:
            return []
        mine = set(folded.split())
        scored: dict[str, float] = {}
        for name, code in self.words:
            theirs = set(name.split())
            union = sum(_weight(word) for word in mine | theirs)
            shared = sum(_weight(word) for word in mine & theirs) / union if union else 0.0
            score = shared
            if shared < 0.8:
                # The cheap upper bounds first: most names are nowhere near 0.8.
                pair = difflib.SequenceMatcher(None, folded, name)
                if pair.real_quick_ratio() >= 0.8 and pair.quick_ratio() >= 0.8:
                    close = pair.ratio()
                    score = max(shared, close if close >= 0.8 else 0.0)
            if score >= 0.25 and score > scored.get(code, 0.0):
                scored[code] = score
        ranked = sorted(scored, key=lambda code: (-scored[code], -len(code), code))
        return ranked[:limit]


# Words in many names of the list: sharing one says little.
_COMMON_WORDS = {"hoc", "va", "ky", "thuat", "cong", "nghe", "khoa"}


def _weight(word: str) -> float:
    return 0.3 if word in _COMMON_WORDS else 1.0


def _entries(entry_model: Any = None) -> list[tuple[str, str, list[str]]]:
    rows = (entry_model or CodeEntry).objects.filter(list_name=LIST_NAME).order_by("code")
    return [(code, label, list(aliases or []))
            for code, label, aliases in rows.values_list("code", "label", "aliases")]  # fmt: skip


def _confirmed(province_code: str, alias_model: Any = None) -> dict[str, str]:
    rows = (
        (alias_model or FieldAlias)
        .objects.filter(province_code=province_code)
        .values_list("key", "code")
    )
    return dict(rows)


def matcher_for(province_code: str) -> Matcher:
    """The matcher of a province (its confirmed texts over the national list)."""
    return Matcher.build(_entries(), _confirmed(province_code))


def match_text(text: object, province_code: str) -> Match:
    return matcher_for(province_code).match(text)


def _stale_q() -> Q:
    return Q(field_code_text__isnull=True) | ~Q(field_code_text=F("training_field"))


def remap_stale(
    *,
    person_ids: Sequence[int] | None = None,
    provinces: Iterable[str] | None = None,
    person_model: Any = None,
    entry_model: Any = None,
    alias_model: Any = None,
) -> int:
    """Match every person whose training field text changed since it was last matched
    (or never was), or only `person_ids`, or only those working in `provinces` (an
    import's: not a scan of the whole registry after each one); returns how many people got a code (or lost
    one). The models may be a migration's historical ones.

    One query reads the distinct (province, text) pairs to match; each text is matched
    once into a keyed temporary table; one UPDATE … FROM it writes them all (Django's
    updates by lists of ids took 8 s for 100,000 people, an UPDATE from a VALUES list
    without a key 23 s: docs/PERFORMANCE.md)."""
    person_model = person_model or Person
    with transaction.atomic():
        # One matching at a time: two imports committed together each find the other's
        # people stale too, and two UPDATEs locking the same rows in different orders
        # deadlocked (issue 19: four imports at once, 5,000,000 people).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMAP_LOCK])
        return _remap(person_ids, provinces, person_model, entry_model, alias_model)


# pg_advisory_xact_lock's key for `remap_stale` ("trithuc" "fields" in letters' codes).
REMAP_LOCK = 7_114_116_104_117_099


def _remap(
    person_ids: Sequence[int] | None,
    provinces: Iterable[str] | None,
    person_model: Any,
    entry_model: Any,
    alias_model: Any,
) -> int:
    stale = person_model.objects.filter(_stale_q())
    if person_ids is not None:
        stale = stale.filter(id__in=list(person_ids))
    codes = None if provinces is None else sorted(set(provinces))
    if codes is not None:
        if not codes:
            return 0
        stale = stale.filter(province_code__in=codes)
    pairs = list(stale.order_by().values_list("province_code", "training_field").distinct())
    if not pairs:
        return 0
    entries = _entries(entry_model)
    matchers: dict[str, Matcher] = {}
    mapping = []
    for province, text in pairs:
        if province not in matchers:
            matchers[province] = Matcher.build(entries, _confirmed(province, alias_model))
        mapping.append((province, text, matchers[province].match(text).code or ""))
    table = connection.ops.quote_name(person_model._meta.db_table)
    only = ""
    if person_ids is not None:
        only = f" AND {table}.id IN ({', '.join(str(int(pk)) for pk in person_ids)})"
    params: list[str] = []
    if codes is not None:
        only += f" AND {table}.province_code IN ({', '.join(['%s'] * len(codes))})"
        params = codes
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # A keyed temporary table: each person's (province, text) is one index probe.
        cursor.execute(f"CREATE TEMPORARY TABLE {MAP_TABLE} (province_code varchar(2), "
                       "text varchar(200), code varchar(7), PRIMARY KEY (province_code, text))")  # fmt: skip
        for start in range(0, len(mapping), GROUPS):
            chunk = mapping[start : start + GROUPS]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(f"INSERT INTO {MAP_TABLE} VALUES {values}",
                           [value for row in chunk for value in row])  # fmt: skip
        cursor.execute(
            f"UPDATE {table} SET field_code = m.code, field_code_text = m.text "
            f"FROM {MAP_TABLE} AS m WHERE m.province_code = {table}.province_code "
            f"AND m.text = {table}.training_field AND ({table}.field_code_text IS NULL "
            f"OR {table}.field_code_text <> {table}.training_field){only}",
            params,
        )
        changed = max(cursor.rowcount, 0)
        # On an error the transaction's rollback drops the table too (DDL is
        # transactional on SQLite and PostgreSQL).
        cursor.execute(f"DROP TABLE {MAP_TABLE}")
    return changed


# ---- the review step ---------------------------------------------------------------


def reviewers_people(user: Any) -> Any:
    """The profiles whose training field `user` may confirm: those they may edit."""
    return Person.objects.editable_by(user)


def can_review(user: Any) -> bool:
    return scope_of(user).can(Capability.EDIT_PEOPLE)


def unmapped_count(user: Any) -> int:
    """How many distinct texts among the people `user` may edit have no code."""
    return (reviewers_people(user).filter(field_code="").exclude(training_field="")
            .values("training_field").distinct().count())  # fmt: skip


@dataclass(frozen=True)
class Unmapped:
    text: str
    count: int
    ambiguous: bool
    candidates: list[tuple[str, str]]  # (code, label)


def unmapped_texts(user: Any, *, limit: int = 200) -> tuple[list[Unmapped], int]:
    """The distinct free texts with no code among the people `user` may edit, most
    frequent first (at most `limit`), with candidates; and how many texts there are."""
    rows = (
        reviewers_people(user)
        .filter(field_code="")
        .exclude(training_field="")
        .values("province_code", "training_field")
        .annotate(n=Count("id"))
    )
    by_text: dict[str, int] = defaultdict(int)
    provinces: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_text[row["training_field"]] += row["n"]
        provinces[row["training_field"]].add(row["province_code"])
    ordered = sorted(by_text, key=lambda text: (-by_text[text], fold(text)))
    matchers: dict[str, Matcher] = {}
    entries = _entries()
    out = []
    for text in ordered[:limit]:
        province = min(provinces[text])
        if province not in matchers:
            matchers[province] = Matcher.build(entries, _confirmed(province))
        matcher = matchers[province]
        found = matcher.match(text)
        codes = list(found.candidates) if found.ambiguous else matcher.propose(text)
        out.append(Unmapped(text, by_text[text], found.ambiguous,
                            [(code, matcher.labels[code]) for code in codes]))  # fmt: skip
    return out, len(ordered)


def code_labels() -> dict[str, str]:
    """Every code of the national list with its name."""
    return {c: label for c, label, _ in _entries()}


def field_label(code: str, labels: dict[str, str] | None = None) -> str:
    """The code and its name, as "7480201 Công nghệ thông tin" (the code alone when the
    list does not know it)."""
    if labels is None:
        labels = code_labels()
    name = labels.get(code)
    return f"{code} {name}" if name else code


def search_codes(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """Entries whose code starts with, or whose name contains, `query` (any accents)."""
    folded = fold(nfc(query)).strip()
    if not folded:
        return []
    out = []
    for code, label, aliases in _entries():
        names = [fold(label), *map(fold, aliases)]
        if code.startswith(folded) or any(folded in name for name in names):
            out.append((code, label))
    out.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    return out[:limit]


def confirm_code(actor: Any, text: str, code: str, *, source: str = "web",
                 request: Any = None) -> int:  # fmt: skip
    """Remember `code` for `text` in each province where the actor may edit people who
    wrote it (or a spelling with the same key), and give those people the code, in one
    transaction, audited. Returns how many profiles changed."""
    text = nfc(str(text or "")).strip()
    code = str(code or "").strip()
    labels = {c: label for c, label, _ in _entries()}
    if not text:
        raise FieldCodeError("Chưa có chuyên ngành cần gán mã.")
    if code not in labels:
        raise FieldCodeError(f"Mã ngành “{code}” không có trong danh mục ngành đào tạo.")
    key = match_key(text)
    if not key:
        raise FieldCodeError("Chuyên ngành này không có chữ hay số nào để so khớp.")
    with transaction.atomic():
        scope_of(actor).require(Capability.EDIT_PEOPLE,
                                "Vai trò của bạn không được sửa hồ sơ.")  # fmt: skip
        # Re-read inside the transaction through the access layer: the page's list may be
        # stale, and a text outside the actor's scope must change nothing.
        mine = reviewers_people(actor).exclude(training_field="")
        texts = [t for t in mine.values_list("training_field", flat=True).distinct()
                 if match_key(t) == key]  # fmt: skip
        if not texts:
            raise FieldCodeError(
                "Không có hồ sơ nào trong phạm vi bạn quản lý ghi chuyên ngành này."
            )
        people = mine.filter(training_field__in=texts)
        rows = list(people.values_list("id", "province_code", "training_field"))
        provinces = sorted({province for _, province, _ in rows})
        for province in provinces:
            alias, _created = FieldAlias.objects.update_or_create(
                province_code=province, key=key,
                defaults={"code": code, "text": text[:200],
                          "created_by": actor if getattr(actor, "pk", None) else None},
            )  # fmt: skip
            record_event(
                "update", actor=actor, source=source, request=request, obj=alias,
                detail={"what": "training_field_code", "text": text, "code": code,
                        "profiles": sum(1 for _, p, _ in rows if p == province)},
                place={"province_code": province, "unit_code": province},
            )  # fmt: skip
        by_text: dict[str, list[int]] = defaultdict(list)
        for pk, _province, written in rows:
            by_text[written].append(pk)
        for written, ids in by_text.items():
            for start in range(0, len(ids), CHUNK):
                Person.objects.filter(id__in=ids[start : start + CHUNK]).update(
                    field_code=code, field_code_text=written
                )
        transaction.on_commit(_registry_changed)
    return len(rows)


def _registry_changed() -> None:
    registry_changed.send(sender=Person)
