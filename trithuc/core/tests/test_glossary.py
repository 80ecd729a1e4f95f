"""The glossary page explains the words the pages use (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trithuc.core.glossary import terms
from trithuc.lib.text import sort_key

pytestmark = pytest.mark.django_db


def test_glossary_lists_the_dashboard_words_in_vietnamese_order(client, manager):
    client.force_login(manager)
    response = client.get(reverse("glossary"))
    html = response.content.decode()
    assert response.status_code == 200
    for word in ("Đúng tiến độ, Có nguy cơ, Chậm tiến độ", "Tính đến ngày", "Sau đại học",
                 "Ô bị ẩn", "Đơn vị hành chính"):  # fmt: skip
        assert word in html
    words = [str(term.word) for term in terms()]
    assert words == sorted(words, key=sort_key)
    assert reverse("glossary") in client.get(reverse("people:summary")).content.decode()


def test_glossary_needs_a_sign_in(client):
    response = client.get(reverse("glossary"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
