"""The unit picker every form uses (issue 13): a unit chosen by name, never typed as a code.

`UnitField` takes what a person types — a name with or without diacritics, a pre-2025
name, a label the picker wrote ("Phường Thục Phán (01273)") or a code — and cleans it to
the current code, or says in Vietnamese why it cannot. `UnitInput` is a plain text box
that htmx fills with suggestions (`orgunits:unit_search` into a `<datalist>`); without
JavaScript it is still a text box, and the field reads a name typed whole.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trithuc.orgunits.models import UnitLevel
from trithuc.orgunits.services import UnknownUnit, get_current_unit, resolve_unit, unit_label


class UnitInput(forms.TextInput):
    """A text box with suggestions of units by name (a datalist htmx fills as one types)."""

    def __init__(self, attrs: dict[str, Any] | None = None, within: str | None = None) -> None:
        base = {"autocomplete": "off", "size": 28, "class": "unit-picker",
                "placeholder": gettext_lazy("Gõ tên xã, phường hoặc tỉnh")}  # fmt: skip
        super().__init__(attrs={**base, **(attrs or {})})
        self.within = within

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        return unit_label(text) if text and text.isdigit() else text

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:  # fmt: skip
        attrs = {**(attrs or {})}
        options = f"{attrs.get('id') or 'id_' + name}-options"
        query = {"field": name, **({"within": self.within} if self.within else {})}
        attrs.update({
            "list": options,
            "hx-get": f"{reverse('orgunits:unit_search')}?{urlencode(query)}",
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{options}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
            # inside a form that pushes its URL (the people list): suggestions are not a page
            "hx-push-url": "false",
        })  # fmt: skip
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, options)


class UnitField(forms.CharField):
    """A current administrative unit, cleaned to its code ("04", "01273"); "" when empty.

    `within`: a province code to keep to; `communes_only`: refuse a province.
    """

    widget = UnitInput

    def __init__(self, *, within: str | None = None, communes_only: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        kwargs.setdefault("max_length", 160)
        super().__init__(**kwargs)
        self.within = within
        self.communes_only = communes_only
        self.widget.within = within

    def keep_within(self, province: str | None) -> None:
        """Suggest and accept only this province's units (a reader bound to one province)."""
        self.within = province
        self.widget.within = province

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            unit = resolve_unit(text, within=self.within)
        except UnknownUnit as exc:
            raise forms.ValidationError(str(exc), code="unknown_unit") from exc
        if self.communes_only and unit.level == UnitLevel.PROVINCE:
            raise forms.ValidationError(
                _("Hãy chọn một xã, phường (không chọn cả tỉnh “%(name)s”).") % {"name": unit.name},
                code="province",
            )
        return unit.code

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and get_current_unit(value) is not None:
            return unit_label(value)
        return value
