from django.http import HttpRequest

from trithuc.core.home import shows_demo_data
from trithuc.core.navigation import menu_for


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": "Trí thức",
        "site_full_name": "Hệ thống quản lý đội ngũ trí thức",
        "menu": menu_for(getattr(request, "user", None)),
        "demo_data": shows_demo_data(getattr(request, "user", None)),
    }
