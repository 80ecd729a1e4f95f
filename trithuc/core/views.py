from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from trithuc.accounts import services
from trithuc.accounts.forms import TokenForm
from trithuc.accounts.scope import scope_of
from trithuc.core.downloads import read_progress
from trithuc.core.health import health
from trithuc.core.home import home_context
from trithuc.core.national import national_figures


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).only_own_profile:
        return redirect("privacy:my_profile")

    return render(request, "core/home.html", home_context(request.user, timezone.localdate()))


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    """Every province's figures side by side (issue 19): the whole country for a national
    analyst, the provinces of their scope for anyone else who may count."""
    data = national_figures(request.user, request.GET.get("indicator"))
    return render(request, "core/national.html", data)


class LoginView(auth_views.LoginView):
    """Password first (django-axes counts failures); the second factor, when the user has
    one, is asked next by `trithuc.accounts.middleware`."""

    template_name = "registration/login.html"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the user's authenticator app."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    if services.needs_second_factor(request.user) != "verify":
        return redirect(target or "home")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(request, form.cleaned_data["token"]):
            return redirect(target or "home")
        form.add_error("token", "Mã không đúng hoặc đã dùng. Chờ mã mới và thử lại; "
                                "nhập sai nhiều lần sẽ phải chờ lâu hơn.")  # fmt: skip
    return render(request, "registration/otp_verify.html", {"form": form, "next": target})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from a stale page gets the site's own Vietnamese page
    (Django's default is a bare English one); `reason` is for the log, not the user."""
    return render(request, "403_csrf.html", status=403)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring: 200 when every required check passes, else
    503; public, and says nothing about people."""
    ok, checks = health()
    response = JsonResponse({"status": "ok" if ok else "fail", "checks": checks})
    response.status_code = 200 if ok else 503
    return response


@login_required
@require_GET
def download_progress(request: HttpRequest) -> JsonResponse:
    """How far the user's download under `?token=` has got (polled by the page's script)."""
    return JsonResponse(read_progress(request))
