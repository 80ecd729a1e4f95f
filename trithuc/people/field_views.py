"""The review step of training fields: the free texts of "Chuyên ngành đào tạo" nothing
matched to the national list, among the people the manager may edit, and the form that
confirms a code for one of them. Thin: `people/fields.py` does the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trithuc.people import fields
from trithuc.people.access import require_editor


@login_required
@require_http_methods(["GET", "POST"])
def field_review(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    if request.method == "POST":
        text = request.POST.get("text", "")
        code = (request.POST.get("code_other") or request.POST.get("code") or "").strip()
        try:
            changed = fields.confirm_code(request.user, text, code, request=request)
        except fields.FieldCodeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã gán mã %(code)s cho “%(text)s”: %(count)s hồ sơ; "
                                        "các lần nhập sau sẽ tự gán mã này.")
                             % {"code": fields.field_label(code), "text": text,
                                "count": changed})  # fmt: skip
        return redirect("people:field_review")
    rows, total = fields.unmapped_texts(request.user)
    query = request.GET.get("tim", "").strip()
    found = fields.search_codes(query) if query else []
    return render(request, "people/field_review.html", {
        "rows": rows, "total": total, "query": query, "found": found,
    })  # fmt: skip
