"""Deployment checks of our own, run by `trithuc check --deploy` beside Django's.

Django's check accepts the fixed development key of `settings.py` (long, random-looking,
not "django-insecure-"), so a production server started without SECRET_KEY would pass
the check while signing sessions and password-reset tokens with a key published in
the source code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

DEVELOPMENT_KEY_PREFIX = "dev-insecure-"


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEBUG or not settings.SECRET_KEY.startswith(DEVELOPMENT_KEY_PREFIX):
        return []
    return [
        Error(
            "SECRET_KEY là khóa mặc định dùng khi phát triển (công khai trong mã nguồn).",
            hint="Đặt biến môi trường SECRET_KEY (ít nhất 50 ký tự ngẫu nhiên) và "
            "TRITHUC_REQUIRE_SECRET_KEY=true.",
            id="trithuc.E001",
        )
    ]
