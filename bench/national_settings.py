"""Settings of the national bench's import and worker processes (bench_national.py):
the test settings, with tasks queued in the database for a real `db_worker`."""

from trithuc.test_settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
