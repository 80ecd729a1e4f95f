import pytest


@pytest.fixture(autouse=True)
def _fresh_area_cache():
    from trithuc.indicators.areas import clear_cache

    clear_cache()
    yield
