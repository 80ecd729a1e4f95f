"""A plan's priority (shortage) fields: the list with an add form and remove buttons, for
the coordinators who manage the plan. Thin: `plans/priorities.py` checks and writes."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from trithuc.lib import forms as vn
from trithuc.people.fields import code_labels, search_codes
from trithuc.plans.models import PriorityField
from trithuc.plans.priorities import (
    PriorityError,
    PriorityInput,
    add_priority_field,
    parse_codes,
    remove_priority_field,
)
from trithuc.plans.views import get_managed_plan


class PriorityForm(vn.Form):
    label = forms.CharField(label=_lazy("Tên lĩnh vực ưu tiên"), max_length=200)
    codes = forms.CharField(
        label=_lazy("Mã ngành, nhóm ngành hoặc lĩnh vực"), max_length=300,
        help_text=_lazy("Theo danh mục ngành đào tạo, cách nhau bằng dấu phẩy; ví dụ 75206, "
                        "7520310. Tra mã bằng ô “Tra mã ngành” phía trên."),
    )  # fmt: skip
    need = forms.IntegerField(label=_lazy("Nhu cầu (số người)"), min_value=0, required=False)
    need_year = forms.IntegerField(label=_lazy("Năm cần đạt"), min_value=2000, max_value=2100,
                                   required=False)  # fmt: skip

    def clean_codes(self) -> tuple[str, ...]:
        try:
            return parse_codes(self.cleaned_data["codes"])
        except PriorityError as exc:
            raise forms.ValidationError(str(exc)) from exc


@login_required
@require_http_methods(["GET", "POST"])
def priority_fields(request: HttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    plan = get_managed_plan(request.user, plan_uuid)
    form = PriorityForm(request.POST or None) if request.POST.get("action") != "remove" else None
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            item = PriorityField.objects.filter(plan=plan, pk=request.POST.get("field")).first()
            if item is not None:
                remove_priority_field(item, actor=request.user)
                messages.success(request, _("Đã bỏ lĩnh vực “%(label)s”.") % {"label": item.label})
            return redirect("plans:priority_fields", plan_uuid=plan.uuid)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                add_priority_field(plan, PriorityInput(data["label"], data["codes"], data["need"],
                                                       data["need_year"]), actor=request.user)  # fmt: skip
            except PriorityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã thêm lĩnh vực “%(label)s”.")
                                 % {"label": data["label"]})  # fmt: skip
                return redirect("plans:priority_fields", plan_uuid=plan.uuid)
    labels = code_labels()
    query = request.GET.get("tim", "").strip()
    return render(request, "plans/priority_fields.html", {
        "plan": plan, "form": form or PriorityForm(),
        "fields": [(item, [f"{code} {labels.get(code, '')}".strip() for code in item.codes])
                   for item in plan.priority_fields.order_by("position", "id")],
        "query": query, "found": search_codes(query) if query else [],
    })  # fmt: skip
