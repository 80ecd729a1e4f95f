"""A plain HTML confirmation step before an action that locks or commits something
(submitting a progress report, freezing a report's figures, recording a decision).

The first POST comes without `confirmed`: the view checks the form, then answers with
`confirm_page`, which repeats the same POST (its fields as hidden inputs) with
`confirmed=1`, or goes back. It needs no JavaScript, so it works wherever the page does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMED}


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    details: Iterable[str] = (),
    confirm_label: str,
    cancel_url: str,
    fields: Mapping[str, Any] | None = None,
    action: str = "",
) -> HttpResponse:
    """The confirmation page. `fields` (default: the POST as sent) go back as hidden
    inputs to `action` (default: the same address)."""
    if fields is None:
        repeated = [(name, value) for name, values in request.POST.lists()
                    if name not in NOT_REPEATED for value in values]  # fmt: skip
    else:
        repeated = [(name, value) for name, value in fields.items()]
    return render(request, "confirm.html", {
        "title": title, "question": question, "details": list(details),
        "confirm_label": confirm_label, "cancel_url": cancel_url, "fields": repeated,
        "action": action or request.get_full_path(),
    })  # fmt: skip
