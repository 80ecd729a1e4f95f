import datetime as dt

from django import forms

from trithuc.lib import forms as vn


class _Example(vn.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "Một")], required=False)
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def test_empty_choice_is_vietnamese():
    html = str(_Example()["kind"])
    assert "---------" not in html and str(vn.EMPTY_LABEL) in html


def test_dates_are_typed_day_first_and_shown_day_first():
    form = _Example({"kind": "", "on": "05/03/2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 3, 5)
    assert _Example({"on": "2026-03-05"}).is_valid()  # ISO still read
    html = str(_Example(initial={"on": dt.date(2026, 3, 5)})["on"])
    assert 'value="05/03/2026"' in html and 'type="text"' in html


def test_a_wrong_date_gets_a_message():
    form = _Example({"on": "31/02/2026"})
    assert not form.is_valid() and form.errors["on"]
