"""Authentication: audit of sign-in events, lockout, two factors, session expiry, security
headers and the production settings check."""

# ruff: noqa: F811 -- fixtures imported from tests/test_security_support.py are arguments here

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from tests.test_security_support import (  # noqa: F401 (fixtures)
    confirmed_device,
    current_token,
    login_verified,
    province_admin,
)
from trithuc.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Trithuc-2026"
ROOT = Path(__file__).resolve().parent.parent


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# ---- audit of sign-in events -----------------------------------------------------------------


def test_login_failed_login_and_logout_are_audited(client, manager):
    response = sign_in(client, "manager", "wrong")
    assert response.status_code == 200
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor is None and failed.object_repr == "manager"
    assert failed.ip_address == "127.0.0.1"
    assert sign_in(client, "manager").status_code == 302
    login = AuditEvent.objects.get(action="login")
    assert login.actor == manager and login.ip_address == "127.0.0.1"
    client.post(reverse("logout"))
    logout = AuditEvent.objects.get(action="logout")
    assert logout.actor == manager and logout.detail == {"reason": "user"}


def test_failed_login_of_an_unknown_name_does_not_store_the_name(client):
    sign_in(client, "my-password-typed-here", "x")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.detail["known_user"] is False
    assert "my-password" not in f"{event.actor_name}{event.object_repr}{event.detail}"


# ---- lockout (django-axes) -------------------------------------------------------------------


def test_five_failures_lock_the_account_with_a_clear_message(client, manager):
    for _ in range(4):
        assert sign_in(client, "manager", "wrong").status_code == 200
    response = sign_in(client, "manager", "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    assert "tạm khóa" in text and "5 lần" in text and "30 phút" in text
    # Even the right password is refused while locked, from any address.
    response = sign_in(client, "manager", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "lockout" in actions()


def test_lockout_ends_after_the_cool_off(client, manager):
    with time_machine.travel("2026-11-22 08:00 +0700", tick=False):
        for _ in range(5):
            sign_in(client, "manager", "wrong")
        assert sign_in(client, "manager").status_code == 429
    with time_machine.travel("2026-11-22 08:31 +0700", tick=False):
        assert sign_in(client, "manager").status_code == 302


def test_a_success_resets_the_failure_count(client, manager):
    for _ in range(4):
        sign_in(client, "manager", "wrong")
    assert sign_in(client, "manager").status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "manager", "wrong")
    assert sign_in(client, "manager").status_code == 302


# ---- two factors -----------------------------------------------------------------------------


def test_user_with_a_device_must_enter_a_code_after_the_password(client, manager):
    device = confirmed_device(manager)
    response = sign_in(client, "manager", next=reverse("people:list"))
    assert response.status_code == 302
    # The password alone opens nothing but the verification page.
    page = client.get(reverse("people:list"))
    assert page.status_code == 302 and page.url.startswith(reverse("otp_verify"))
    assert client.get(reverse("people:export")).status_code == 302
    bad = client.post(reverse("otp_verify"), {"token": "000000", "next": "/nguoi/"})
    assert bad.status_code == 200 and "Mã không đúng" in bad.content.decode()
    # After a failure, django-otp refuses every code for a while (doubling each time).
    throttled = client.post(reverse("otp_verify"), {"token": current_token(device)})
    assert throttled.status_code == 200
    with time_machine.travel(time.time() + 5):
        ok = client.post(reverse("otp_verify"), {"token": current_token(device), "next": "/nguoi/"})
    assert ok.status_code == 302 and ok.url == "/nguoi/"
    assert client.get(reverse("people:list")).status_code == 200
    events = AuditEvent.objects.filter(action="two_factor").order_by("id")
    assert [e.detail["event"] for e in events] == ["verify_failed", "verify_failed", "verified"]


def test_a_code_cannot_be_used_twice(client, manager):
    device = confirmed_device(manager)
    token = current_token(device)
    sign_in(client, "manager")
    assert client.post(reverse("otp_verify"), {"token": token}).status_code == 302
    client.logout()
    sign_in(client, "manager")
    response = client.post(reverse("otp_verify"), {"token": token})
    assert response.status_code == 200  # refused: the same time step was already used


def test_verification_redirect_does_not_leave_the_site(client, manager):
    device = confirmed_device(manager)
    sign_in(client, "manager")
    response = client.post(
        reverse("otp_verify"), {"token": current_token(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_administrator_without_a_device_is_sent_to_setup(client, province_admin):
    assert sign_in(client, "tinh_admin").status_code == 302
    for name in ("home", "audit:list", "accounts:user_list", "people:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in text  # QR drawn here, no outside service
    device = province_admin.totpdevice_set.get(confirmed=False)
    bad = client.post(reverse("accounts:otp_setup"), {"token": "123456"})
    assert bad.status_code == 200 and "Mã không đúng" in bad.content.decode()
    with time_machine.travel(time.time() + 5):
        good = client.post(reverse("accounts:otp_setup"), {"token": current_token(device)})
    assert good.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("audit:list")).status_code == 200
    # Next sign-in asks for a code.
    client.logout()
    sign_in(client, "tinh_admin")
    assert client.get(reverse("audit:list")).url.startswith(reverse("otp_verify"))


def test_administrator_cannot_turn_the_second_factor_off(client, province_admin):
    device = confirmed_device(province_admin)
    login_verified(client, province_admin)
    response = client.post(reverse("accounts:otp_disable"), {"token": current_token(device)})
    assert response.status_code == 403
    assert province_admin.totpdevice_set.filter(confirmed=True).exists()


def test_other_users_may_turn_it_off_with_a_current_code(client, manager):
    device = confirmed_device(manager)
    login_verified(client, manager)
    assert client.post(reverse("accounts:otp_disable"), {"token": "000000"}).status_code == 302
    assert manager.totpdevice_set.exists()
    with time_machine.travel(time.time() + 5):
        client.post(reverse("accounts:otp_disable"), {"token": current_token(device)})
    assert not manager.totpdevice_set.exists()


def test_superusers_must_use_two_factors_when_required(client, admin_user, settings):
    settings.TRITHUC_2FA_REQUIRED_FOR_SUPERUSERS = True
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_setup"))
    login_verified(client, admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_htmx_requests_are_redirected_with_a_header(client, manager):
    confirmed_device(manager)
    client.force_login(manager)
    response = client.get(reverse("people:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("otp_verify"))


# ---- sessions ----------------------------------------------------------------------------------


def test_idle_session_is_signed_out(client, manager, settings):
    with time_machine.travel("2026-11-22 08:00 +0700", tick=False):
        sign_in(client, "manager")
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-11-22 08:20 +0700", tick=False):
        assert client.get(reverse("home")).status_code == 200
    idle = settings.TRITHUC_SESSION_IDLE_SECONDS // 60 + 21
    with time_machine.travel(f"2026-11-22 08:{idle:02d} +0700", tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AuditEvent.objects.filter(action="logout", detail__reason="idle").exists()
    assert client.get(reverse("home")).status_code == 302


def test_session_settings():
    import importlib

    settings = importlib.import_module("trithuc.settings")  # not the test settings

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_logins_need_the_csrf_token(manager):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "manager", "password": PASSWORD})
    assert response.status_code == 403
    page = strict.get(reverse("login"))
    token = page.cookies["csrftoken"].value
    response = strict.post(
        reverse("login"),
        {"username": "manager", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# ---- headers ----------------------------------------------------------------------------------

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; frame-ancestors 'none'")  # fmt: skip


def test_security_headers_on_pages(client, manager):
    response = client.get(reverse("login"))
    assert response["Content-Security-Policy"].startswith(CSP)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    client.force_login(manager)
    page = client.get(reverse("people:list"))
    assert "no-store" in page["Cache-Control"]
    download = client.get(reverse("people:export"))
    assert "no-store" in download["Cache-Control"]


SECRET_KEY = "q8Rz1-Lm4Vx7pT2nW9cK5bH3jY6dF0sG8aE2uI7oP4lZ1xC9vB"


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "-m", "trithuc", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _deploy_check({"DEBUG": "false", "SECRET_KEY": SECRET_KEY,
                            "ALLOWED_HOSTS": "x", "TRITHUC_DATA_DIR": str(tmp_path)})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_the_development_secret_key(tmp_path):
    """Without SECRET_KEY the settings fall back to a key published in the source code."""
    result = _deploy_check({"DEBUG": "false", "SECRET_KEY": "", "ALLOWED_HOSTS": "x",
                            "TRITHUC_REQUIRE_SECRET_KEY": "false",
                            "TRITHUC_DATA_DIR": str(tmp_path)})  # fmt: skip
    assert result.returncode != 0
    assert "trithuc.E001" in result.stdout + result.stderr


def test_development_server_stays_on_http(tmp_path):
    code = ("from django.conf import settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "trithuc.settings",
            "TRITHUC_DATA_DIR": str(tmp_path)}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.stdout.split() == ["False", "0", "False"], result.stderr
