"""Fixtures for the security tests: administrators with a verified second factor, an
intellectual linked to a profile, and their counterparts in a sibling province.

Import the fixtures you need into a test module (`from tests.test_security_support import
province_admin`). This module holds no tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import CAO_BANG, good_row

LANG_SON = "20"
PERSON_ID = good_row(1)["national_id"]  # the profile the `registry_person` fixture imports
SIBLING_PERSON_ID = "020185000001"


def make_user(django_user_model, username: str, role: str, unit: str, national_id: str = ""):
    from trithuc.accounts.models import Membership

    user = django_user_model.objects.create_user(username=username, password="pw-Trithuc-2026")
    Membership.objects.create(user=user, role=role, unit_code=unit, national_id=national_id)
    return user


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "t"})[0]


def current_token(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def login_verified(client, user) -> None:
    """Sign in as `user` with a confirmed TOTP device, the session already verified."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def province_admin(django_user_model):
    """System administrator of Cao Bằng."""
    return make_user(django_user_model, "tinh_admin", "system_admin", CAO_BANG)


@pytest.fixture
def sibling_admin(django_user_model):
    return make_user(django_user_model, "sibling_admin", "system_admin", LANG_SON)


@pytest.fixture
def intellectual(django_user_model):
    """The person of `registry_person`, signed in as themself."""
    return make_user(django_user_model, "tri_thuc", "intellectual", CAO_BANG, PERSON_ID)


@pytest.fixture
def sibling_intellectual(django_user_model):
    return make_user(django_user_model, "tri_thuc_ls", "intellectual", LANG_SON, SIBLING_PERSON_ID)


@pytest.fixture
def registry_person(make_xlsx):
    from trithuc.people.importing import import_people
    from trithuc.people.models import Person

    import_people(make_xlsx([good_row(1)]), today=dt.date(2026, 11, 22))
    return Person.objects.get(national_id=PERSON_ID)
