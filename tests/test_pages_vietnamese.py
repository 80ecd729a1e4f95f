"""Every page of every role reads in Vietnamese (issue 13): no Django English default
(error pages, empty choices) on any page, and a menu that offers only pages the role may
open. Walks the URL configuration as each role of `tests/test_access.py`'s walk."""

# ruff: noqa: F811 -- the walk fixture is imported from tests/test_access.py

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.test_access import (  # noqa: F401 (fixture)
    POST_ONLY,
    all_views,
    body_text,
    sign_in,
    url_for,
    walk,
)
from trithuc.core.navigation import menu_for

pytestmark = pytest.mark.django_db
# Django's English defaults a Vietnamese user must never read.
ENGLISH_DEFAULTS = (
    "Forbidden",
    "Not Found",
    "Server Error",
    "CSRF verification failed",
    "---------",
)
ROLES = ("manager", "admin", "intellectual", "coordinator", "reporter", "secretariat",
         "viewer", "outsider")  # fmt: skip
GET_VIEWS = [(name, pattern) for name, pattern in all_views() if name not in POST_ONLY]


def _user(walk: dict, role: str):
    return walk["owners"].get(role) or walk[role]


def english_on(text: str) -> list[str]:
    return [word for word in ENGLISH_DEFAULTS if word in text]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_a_role_shows_django_english(client, role, walk):
    sign_in(client, _user(walk, role))
    found, statuses = {}, set()
    for name, pattern in GET_VIEWS:
        response = client.get(url_for(name, pattern, walk["objects"]))
        statuses.add(response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # downloads (xlsx, docx, pdf) carry the data, not Django's pages
        if words := english_on(body_text(response)):
            found[name] = (response.status_code, words)
    assert not found, found
    assert statuses & {403, 404} or role == "admin"  # the walk reaches the error pages


@pytest.mark.parametrize("role", ROLES)
def test_menu_offers_only_pages_the_role_may_open(client, role, walk):
    user = _user(walk, role)
    sign_in(client, user)
    refused = {}
    for item in menu_for(user):
        response = client.get(item["url"])
        if response.status_code not in (200, 302):
            refused[item["name"]] = response.status_code
    assert not refused, refused


def test_forbidden_page_gives_the_reason_in_vietnamese(client, walk):
    sign_in(client, walk["viewer"])
    response = client.get(reverse("people:import_upload"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Không có quyền truy cập" in text and not english_on(text)
    assert 'class="topbar"' in text  # styled like the site, with its menu


def test_not_found_page_is_vietnamese(client, walk):
    sign_in(client, walk["owners"]["manager"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_is_vietnamese():
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in text and not english_on(text)


def test_csrf_failure_page_is_vietnamese(walk):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(walk["owners"]["manager"])
    response = csrf_client.post(reverse("privacy:correction_list"), {})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in text and not english_on(text)
