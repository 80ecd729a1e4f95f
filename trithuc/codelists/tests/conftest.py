import pytest

from trithuc.codelists import services


@pytest.fixture(autouse=True)
def _fresh_code_cache():
    """Each test reads the code lists of its own (rolled-back) transaction."""
    services.clear_cache()
    yield
    services.clear_cache()
