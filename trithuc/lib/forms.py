"""The project's form bases: every form reads the same way in Vietnamese (issue 13).

Django's defaults leak English-looking details into forms: "---------" as the empty
choice, and a date widget that browsers show as mm/dd/yyyy in some forms while others are
typed dd/mm/yyyy. Every form of the project derives from `Form` or `ModelForm` here, so
one empty label and one date widget (typed dd/mm/yyyy, ISO still accepted) hold everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

EMPTY_LABEL = _("— Chọn —")
DATE_FORMAT = "%d/%m/%Y"
# Typed as on paper; ISO too, for links, the API's habit and older bookmarks.
DATE_INPUT_FORMATS = [DATE_FORMAT, "%d/%m/%y", "%Y-%m-%d"]
DJANGO_EMPTY = "---------"


class DateInput(forms.DateInput):
    """The one date widget: a text box typed dd/mm/yyyy."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "class": "date",
                "pattern": r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}", "size": 10}  # fmt: skip
        attrs = {key: value for key, value in (attrs or {}).items() if key != "type"}
        super().__init__(attrs={**base, **attrs}, format=DATE_FORMAT)


def parse_date(text: str | None) -> dt.date | None:
    """A date typed in a box that is not a form field (dd/mm/yyyy, ISO too); None when
    blank, ValueError when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    raise ValueError(text)


def format_date(value: Any) -> str:
    """dd/mm/yyyy of a date or an ISO date string ("" when empty; other text unchanged)."""
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime(DATE_FORMAT)
    except ValueError:
        return str(value)


def date_field(**kwargs: Any) -> forms.DateField:
    """A form's date field, typed dd/mm/yyyy."""
    return forms.DateField(widget=DateInput(), input_formats=DATE_INPUT_FORMATS, **kwargs)


def vietnamese_fields(fields: dict[str, forms.Field]) -> None:
    """Gives every field of a form the project's empty label and date widget."""
    for field in fields.values():
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
            field.widget = DateInput(attrs)
            field.input_formats = DATE_INPUT_FORMATS
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY:
                field.empty_label = EMPTY_LABEL
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(label == DJANGO_EMPTY for _value, label in choices):
                field.choices = [(value, EMPTY_LABEL if label == DJANGO_EMPTY else label)
                                 for value, label in choices]  # fmt: skip


def say_errors(request: HttpRequest, form: forms.Form) -> None:
    """Each field's first message, in the form's order, into the message list of a page
    that redirects after a POST."""
    for errors in form.errors.values():
        messages.error(request, errors[0])


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vietnamese_fields(self.fields)


class ModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vietnamese_fields(self.fields)
