"""Settings for the test suite: the production settings with fast, isolated services."""

import tempfile

from trithuc.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="trithuc-media-")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = tempfile.mkdtemp(prefix="trithuc-static-")
# The test client speaks http; production redirects to https (see settings.py).
SECURE_SSL_REDIRECT = False
# pytest-django's `admin_client` is a superuser without a second factor; the tests that
# check two-factor enforcement turn this back on (tests/test_security_auth.py).
TRITHUC_2FA_REQUIRED_FOR_SUPERUSERS = False
# Each API call's audit row at once, tokens read and calls counted on every call: tests
# look at the rows, revoke tokens and count calls right away (tests/test_api_*.py set
# them back to test the batches).
TRITHUC_API_AUDIT_FLUSH_MS = 0
TRITHUC_API_TOKEN_CACHE_SECONDS = 0
TRITHUC_API_RATE_SYNC_MS = 0
# Tests start LibreOffice per conversion; `test_pdf_resident` turns the resident one on
# and stops it, so that no LibreOffice outlives the tests.
TRITHUC_PDF_RESIDENT = False
