import pytest

from trithuc.orgunits import services


@pytest.fixture(autouse=True)
def _fresh_unit_cache():
    """Each test reads units and agencies of its own (rolled-back) transaction."""
    services.clear_cache()
    yield
    services.clear_cache()
