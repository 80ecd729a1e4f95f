"""Units chosen by name (issue 13): names, old names, codes; a clear message otherwise."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from trithuc.orgunits.forms import UnitField
from trithuc.orgunits.services import UnknownUnit, find_units, resolve_unit, unit_label

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    unit = UnitField(required=False)
    commune = UnitField(required=False, within="04", communes_only=True)


def test_a_unit_is_found_by_name_without_diacritics_by_code_and_by_label():
    assert resolve_unit("thuc phan").code == "01273"
    assert resolve_unit("Phường Thục Phán").code == "01273"
    assert resolve_unit("01273").code == "01273"
    assert resolve_unit("Phường Thục Phán (01273)").code == "01273"
    assert resolve_unit("Cao Bằng").code == "04"
    assert unit_label("01387") == "Xã Thanh Long (01387)"


def test_an_old_name_finds_the_unit_that_took_its_area_over():
    match = find_units("Sông Hiến", within="04")[0]
    assert (match.code, match.former) == ("01273", "Phường Sông Hiến")
    assert resolve_unit("Sông Hiến", within="04").code == "01273"


def test_unknown_and_ambiguous_names_are_answered_in_vietnamese():
    with pytest.raises(UnknownUnit, match="Không tìm thấy đơn vị hành chính “Hoà Bìnhh”"):
        resolve_unit("Hoà Bìnhh", within="04")
    with pytest.raises(UnknownUnit, match="ứng với nhiều đơn vị: Xã Hòa An \\(01654\\)"):
        resolve_unit("Hòa An")
    assert resolve_unit("Hòa An", within="04").code == "01654"  # one in Cao Bằng
    with pytest.raises(UnknownUnit):
        resolve_unit("01654", within="01")  # a Cao Bằng commune is not in Hà Nội


def test_the_field_cleans_to_the_code_and_shows_the_name():
    form = PickForm({"unit": "thanh long (01387)", "commune": "Thục Phán"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"unit": "01387", "commune": "01273"}
    refused = PickForm({"unit": "không có xã này", "commune": "Cao Bằng"})
    assert not refused.is_valid()
    assert "Không tìm thấy" in refused.errors["unit"][0]
    assert "không chọn cả tỉnh" in refused.errors["commune"][0]
    html = str(PickForm(initial={"unit": "01387"})["unit"])
    assert 'value="Xã Thanh Long (01387)"' in html
    assert 'list="id_unit-options"' in html and 'hx-get="/don-vi/tim/?field=unit"' in html
    assert '<datalist id="id_unit-options">' in html


def test_the_search_gives_options_with_province_and_old_name(client, manager):
    client.force_login(manager)
    html = client.get(reverse("orgunits:unit_search"), {"field": "unit", "unit": "song hien",
                                                       "within": "04"}).content.decode()  # fmt: skip
    assert (
        '<option value="Phường Thục Phán (01273)">Tỉnh Cao Bằng · tên cũ: Phường Sông Hiến' in html
    )
    assert client.get(reverse("orgunits:unit_search"), {"q": "x"}).content.decode().strip() == ""


def test_a_current_name_typed_whole_wins_and_a_province_narrows_the_choice():
    assert resolve_unit("thanh long").code == "01387"  # not the communes once so named
    field = UnitField(required=False)
    field.keep_within("04")
    assert field.clean("Hòa An") == "01654"
    assert "within=04" in str(PickForm()["commune"])
