import datetime as dt
from pathlib import Path

from django import forms
from django.template import Context, Template

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


def test_hand_written_date_boxes_read_and_show_day_first():
    """Pages whose forms are written by hand (honours, meetings, plan review, experts)
    use the same box: parsed by `parse_date`, drawn by `{% date_input %}`."""
    assert vn.parse_date("05/03/2026") == dt.date(2026, 3, 5)
    assert vn.parse_date(" 2026-03-05 ") == dt.date(2026, 3, 5)
    assert vn.parse_date("") is None
    for bad in ("31/02/2026", "hôm qua"):
        try:
            vn.parse_date(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    assert vn.format_date("2026-03-05") == vn.format_date(dt.date(2026, 3, 5)) == "05/03/2026"
    html = Template('{% load vn %}{% date_input "t-" 3 "-due_on" value="2026-03-05" '
                    'required=True aria_label="Hạn" %}').render(Context())  # fmt: skip
    assert 'name="t-3-due_on"' in html and 'value="05/03/2026"' in html
    assert 'type="text"' in html and "required" in html and 'aria-label="Hạn"' in html


def test_no_template_asks_for_a_browser_date_picker():
    """A browser's date picker shows mm/dd/yyyy on some machines: every page types dates
    dd/mm/yyyy instead."""
    root = Path(__file__).resolve().parents[2]
    found = [str(p.relative_to(root)) for p in root.glob("**/templates/**/*.html")
             if 'type="date"' in p.read_text()]  # fmt: skip
    assert not found
