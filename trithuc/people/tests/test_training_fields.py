"""Training fields coded against the national list: the code list, the matching (accents,
aliases, no false match), and the review step (scope, confirmation remapping the people
and later imports)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import good_row, write_xlsx
from trithuc.audit.models import AuditEvent
from trithuc.audit.sentences import describe
from trithuc.codelists.services import codes, label
from trithuc.people import fields
from trithuc.people.fields import FieldCodeError, Matcher, confirm_code, unmapped_texts
from trithuc.people.importing import import_people
from trithuc.people.models import FieldAlias, ImportJob, Person
from trithuc.people.services import import_people_file

pytestmark = pytest.mark.django_db

SHORTAGE = {
    "75206": "Kỹ thuật mỏ", "7520601": "Kỹ thuật mỏ", "7520310": "Kỹ thuật vật liệu kim loại",
    "74403": "Khoa học môi trường", "7440301": "Khoa học môi trường",
    "7540101": "Công nghệ thực phẩm", "7420201": "Công nghệ sinh học",
    "7310110": "Quản lý kinh tế", "7310106": "Kinh tế quốc tế",
    "748": "Máy tính và công nghệ thông tin",
}  # fmt: skip


def test_the_code_list_holds_every_level_and_the_shortage_fields() -> None:
    loaded = codes("training_field")
    assert {len(code) for code in loaded} == {3, 5, 7}
    assert len([c for c in loaded if len(c) == 3]) == 24
    for code, name in SHORTAGE.items():
        assert label("training_field", code) == name
    # Every ngành and nhóm lies under a lĩnh vực of the list (the hierarchy holds).
    fields_3 = {c for c in loaded if len(c) == 3}
    assert all(code[:3] in fields_3 for code in loaded)


def test_load_reference_data_is_idempotent() -> None:
    from trithuc.codelists.loading import sync_code_lists

    assert sync_code_lists() == {"created": 0, "updated": 0}


def matcher(confirmed: dict[str, str] | None = None) -> Matcher:
    return fields.Matcher.build(fields._entries(), confirmed or {})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Công nghệ thông tin", "7480201"),
        ("cong nghe thong tin", "7480201"),  # no accents
        ("CÔNG NGHỆ THÔNG TIN", "7480201"),
        ("  Công   nghệ-thông tin ", "7480201"),  # spaces and punctuation
        ("CNTT", "7480201"),  # alias
        ("Kinh tế đối ngoại", "7310106"),  # alias: FTU's programme under Kinh tế quốc tế
        ("Khai thác mỏ", "7520601"),
        ("Kỹ thuật mỏ", "7520601"),  # the ngành wins over the nhóm of the same name
        ("Thú y", "7640101"),  # ngành, nhóm and lĩnh vực share the name
        ("Khoa học môi trường", "7440301"),
        ("Y đa khoa", "7720101"),
        ("Kinh tế học", "73101"),  # a nhóm ngành by its exact name
        ("7540101", "7540101"),  # a code
        ("7480201 - Lập trình", "7480201"),  # a leading code wins over the words
        ("Nông, lâm nghiệp và thủy sản", "762"),
        ("nong lam nghiep thuy san", "762"),  # "và" and commas do not matter
    ],
)
def test_matching_ignores_accents_and_knows_aliases(text: str, code: str) -> None:
    assert matcher().match(text).code == code


@pytest.mark.parametrize(
    "text",
    ["", "Hệ thống điện", "Nội khoa", "Khác", "Công nghệ", "Kinh", "7999999", "74",
     "Thông tin", "Y sĩ đa khoa", "Công nghệ thông tin và truyền thông"],
)  # fmt: skip
def test_no_false_match(text: str) -> None:
    assert matcher().match(text).code is None


def test_a_name_two_entries_share_is_ambiguous() -> None:
    built = Matcher.build([("1111111", "Ngành A", ()), ("2222222", "Ngành A", ()),
                           ("3333333", "Ngành B", ())], {})  # fmt: skip
    found = built.match("nganh a")
    assert found.code is None and found.ambiguous
    assert found.candidates == ("1111111", "2222222")
    assert built.match("Ngành B").code == "3333333"


def test_a_confirmed_text_wins_and_proposals_are_close_names() -> None:
    mine = matcher({"noikhoa": "7720101"})
    assert mine.match("NỘI KHOA").code == "7720101"
    assert "7320201" in mine.propose("Thư viện - Thông tin")  # words in another order


def _import(tmp_path, rows, actor=None):
    path = write_xlsx(tmp_path / f"f{len(list(tmp_path.iterdir()))}.xlsx", rows)
    report = import_people_file(path, actor=actor)
    assert report.committed, report
    return report


def test_an_import_codes_the_free_text(tmp_path) -> None:
    _import(tmp_path, [
        good_row(1, training_field="cong nghe thong tin"),
        good_row(2, training_field="Nội khoa"),
        good_row(3, training_field=""),
    ])  # fmt: skip
    by_id = {p.national_id[-1]: p for p in Person.objects.all()}
    assert (by_id["1"].field_code, by_id["1"].field_code_text) == ("7480201", "cong nghe thong tin")
    assert (by_id["2"].field_code, by_id["2"].field_code_text) == ("", "Nội khoa")
    assert by_id["3"].field_code == ""
    # A re-import with another text matches it again.
    _import(tmp_path, [good_row(1, training_field="Kỹ thuật mỏ")])
    assert Person.objects.get(national_id=by_id["1"].national_id).field_code == "7520601"


def test_a_dry_run_writes_no_code(tmp_path) -> None:
    path = write_xlsx(tmp_path / "dry.xlsx", [good_row(1, training_field="CNTT")])
    import_people(path, dry_run=True)
    assert not Person.objects.exists()


def test_the_review_keeps_to_the_managers_scope(tmp_path, manager, sibling) -> None:
    _import(tmp_path, [good_row(1, training_field="Nội khoa"),
                       good_row(2, training_field="Nội khoa"),
                       good_row(3, training_field="Kế toán")])  # fmt: skip
    rows, total = unmapped_texts(manager)
    assert total == 1 and rows[0].text == "Nội khoa" and rows[0].count == 2
    assert unmapped_texts(sibling) == ([], 0)
    # A manager of another province cannot confirm it: nothing changes, nothing is kept.
    with pytest.raises(FieldCodeError):
        confirm_code(sibling, "Nội khoa", "7720101")
    assert not FieldAlias.objects.exists()
    assert set(Person.objects.values_list("field_code", flat=True)) == {"", "7340301"}


def test_a_confirmation_remaps_people_and_later_imports(tmp_path, manager) -> None:
    _import(tmp_path, [good_row(1, training_field="Nội khoa"),
                       good_row(2, training_field="NOI KHOA"),
                       good_row(3, training_field="Ngoại khoa")])  # fmt: skip
    changed = confirm_code(manager, "Nội khoa", "7720101")
    assert changed == 2
    coded = dict(Person.objects.values_list("national_id", "field_code"))
    assert sorted(coded.values()) == ["", "7720101", "7720101"]
    alias = FieldAlias.objects.get()
    assert (alias.province_code, alias.code, alias.created_by) == ("04", "7720101", manager)
    event = AuditEvent.objects.filter(detail__what="training_field_code").get()
    assert event.actor == manager and event.detail["profiles"] == 2
    said = describe(event)
    assert "gán mã ngành đào tạo" in said and "số hồ sơ" in said, said
    # The next import in the province maps another spelling of it at once.
    _import(tmp_path, [good_row(4, training_field="nội  khoa")])
    assert Person.objects.get(national_id=good_row(4)["national_id"]).field_code == "7720101"
    assert [row.text for row in unmapped_texts(manager)[0]] == ["Ngoại khoa"]


def test_a_confirmation_needs_a_known_code(tmp_path, manager) -> None:
    _import(tmp_path, [good_row(1, training_field="Nội khoa")])
    with pytest.raises(FieldCodeError, match="không có trong danh mục"):
        confirm_code(manager, "Nội khoa", "7999999")
    assert not FieldAlias.objects.exists()


def test_an_edit_codes_the_new_text(tmp_path, manager) -> None:
    from trithuc.people.services import check_person, save_person

    _import(tmp_path, [good_row(1, training_field="Nội khoa")])
    person = Person.objects.get()
    checked = check_person(good_row(1, training_field="Công nghệ sinh học"))
    saved = save_person(checked.values, actor=manager, person=person)
    assert saved.field_code == "7420201"


def test_the_review_page(client, tmp_path, manager, viewer, sibling) -> None:
    _import(tmp_path, [good_row(1, training_field="Nội khoa")])
    url = reverse("people:field_review")
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Nội khoa", "code": "7720101"}).status_code == 403
    client.force_login(sibling)
    assert "Nội khoa" not in client.get(url).content.decode()
    client.post(url, {"text": "Nội khoa", "code": "7720101"})
    assert Person.objects.get().field_code == ""
    client.force_login(manager)
    page = client.get(url, {"tim": "moi truong"}).content.decode()
    assert "Nội khoa" in page and "7440301" in page
    response = client.post(url, {"text": "Nội khoa", "code": "", "code_other": "7720101"},
                           follow=True)  # fmt: skip
    assert "Đã gán mã 7720101 Y khoa" in response.content.decode()
    assert Person.objects.get().field_code == "7720101"


def test_the_import_page_points_to_the_review(client, tmp_path, manager) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [good_row(1, training_field="Nội khoa")])
    import_people_file(path, actor=manager)
    job = ImportJob.objects.create(original_name="r.xlsx", created_by=manager, status="done",
                                   report={"rows": 1, "created": 1})  # fmt: skip
    client.force_login(manager)
    page = client.get(reverse("people:import_detail", kwargs={"job_uuid": job.uuid}))
    assert 'id="unmapped-fields"' in page.content.decode()
