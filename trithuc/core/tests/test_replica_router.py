import pytest

from trithuc.core.replica import REPLICA, ReplicaRouter, analytics_reads

pytestmark = pytest.mark.django_db


def test_without_a_replica_everything_reads_the_primary(settings, manager):
    settings.TRITHUC_REPLICA = False
    router = ReplicaRouter()
    with analytics_reads(manager) as used:
        assert not used
        assert router.db_for_read(None) is None
    assert router.allow_migrate(REPLICA, "people") is False
    assert router.allow_migrate("default", "people") is None
