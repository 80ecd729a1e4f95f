"""trithuc demo [--seed N] [--people 20000] [--province 04] [--reset] [--password P]"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from trithuc.codelists.services import label
from trithuc.demo import registry as demo
from trithuc.demo.accounts import ensure_intellectual, name_demo_users
from trithuc.experts.demo import CLOSING_NOTE, build_demo_experts
from trithuc.indicators.published import run_all
from trithuc.orgunits.models import AdministrativeUnit
from trithuc.plans.demo import build_demo_plans, ensure_plan_users
from trithuc.talent.demo import build_demo_recognition

ROLE_LABELS = {
    "system_admin": "Quản trị hệ thống",
    "registry_manager": "Quản lý cơ sở dữ liệu",
    "registry_viewer": "Xem hồ sơ",
    "analyst": "Phân tích số liệu tổng hợp",
    "national_analyst": "Tổng hợp số liệu toàn quốc",
}
URL = "http://127.0.0.1:8000"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _unit_name(code: str) -> str:
    if not code:
        return "toàn quốc"
    unit = AdministrativeUnit.objects.filter(code_system="2025", code=code).first()
    return f"{unit.name} ({code})" if unit else code


def _label(list_name: str, code: str) -> str:
    return label(list_name, code)


class Command(BaseCommand):
    help = (
        "Tạo một tỉnh mô phỏng (mặc định Cao Bằng, mã 04) với khoảng 20.000 hồ sơ trí thức "
        "và lịch sử từ 2015 đến nay, cùng các tài khoản dùng thử. Dữ liệu mô phỏng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        parser.add_argument(
            "--people", type=int, default=demo.DEFAULT_PEOPLE, help="số hồ sơ (mặc định 20000)"
        )
        parser.add_argument(
            "--province", default=demo.DEFAULT_PROVINCE, help="mã tỉnh hiện hành (mặc định 04)"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xóa hồ sơ mô phỏng cũ của tỉnh (chỉ hồ sơ mô phỏng) rồi tạo lại",
        )
        parser.add_argument(
            "--password",
            help="mật khẩu cho các tài khoản dùng thử (mặc định: sinh ngẫu nhiên khi tạo mới)",
        )

    def handle(self, *args: object, **options: object) -> None:
        province = str(options["province"]).strip()
        count = int(options["people"])  # type: ignore[call-overload]
        if count < 1:
            raise CommandError("--people phải lớn hơn 0.")
        started = time.perf_counter()
        try:
            result = demo.build_demo(
                seed=int(options["seed"]),  # type: ignore[call-overload]
                count=count,
                province_code=province,
                reset=bool(options["reset"]),
            )
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        users = demo.ensure_demo_users(
            province, result.commune_code, password=options.get("password") or None
        )  # type: ignore[arg-type]
        self._report(province, result, elapsed, users)
        self._build_demo_plans(province, options.get("password") or None)  # type: ignore[arg-type]
        self._refresh_figures()
        self._build_demo_recognition(province)
        self._build_demo_experts(province, options.get("password") or None)  # type: ignore[arg-type]
        self._name_demo_users(province, options.get("password") or None)  # type: ignore[arg-type]

    def _name_demo_users(self, province: str, password: str | None) -> None:
        """Full names for the demo logins, and an intellectual's login to try "Hồ sơ của tôi"."""
        name_demo_users()
        login = ensure_intellectual(province, password)
        if login is not None:
            secret = login.password or "(giữ mật khẩu đã đặt trước đó)"
            self.stdout.write(f"  {login.username:<12} mật khẩu: {secret:<16} Trí thức "
                              f"({login.full_name}): Hồ sơ của tôi, một đề nghị chỉnh sửa đang chờ")  # fmt: skip

    def _build_demo_recognition(self, province: str) -> None:
        """Issue 18: attraction policies, honours, a yearly meeting, Party figures."""

        today = timezone.localdate()
        result = build_demo_recognition(province, today=today)
        for line in result.lines():
            self.stdout.write(line)
        # the demo's five years of decisions, honours and requests as indicator figures
        years = range(today.year - 5, today.year + 1)
        with transaction.atomic():
            for year in years:
                run_all(year, today)
        self.stdout.write(f"Số liệu chỉ tiêu thu hút, khen thưởng, kiến nghị, đảng viên trẻ, "
                          f"quy hoạch: đã ghi cho các năm {years[0]}–{years[-1]}.")  # fmt: skip

    def _build_demo_experts(self, province: str, password: str | None) -> None:
        """Experts (issue 17): a critique of a draft from request to answers."""
        result = build_demo_experts(province, today=timezone.localdate(), password=password)
        write = self.stdout.write
        if result.consultation is not None and not result.skipped:
            write(f"Đã tạo đợt phản biện mô phỏng: {result.consultation.title}. Mời "
                  f"{', '.join(result.invited)}; {result.declined} từ chối, {result.alternate} "
                  "được mời thay; báo cáo tổng hợp đã gửi và được trả lời.")  # fmt: skip
            write(CLOSING_NOTE)
        for username, role_label, secret in result.users:
            secret = secret or "(giữ mật khẩu đã đặt trước đó)"
            write(f"  {username:<12} mật khẩu: {secret:<16} {role_label}")

    def _build_demo_plans(self, province: str, password: str | None) -> None:
        """45-NQ/TW, the province's plan read from its text, a department's plan, agencies
        assigned and some past reports, with a coordinator and two agency reporters."""

        users = ensure_plan_users(province, password)
        plan = build_demo_plans(province, today=timezone.localdate())
        write = self.stdout.write
        if plan is not None:
            write(f"Đã tạo kế hoạch mô phỏng {plan.reference}: {plan.tasks.count()} nhiệm vụ, "
                  f"{plan.reports.count()} báo cáo đã nộp các năm trước.")  # fmt: skip
        write("Tài khoản theo dõi kế hoạch:")
        labels = {
            "plan_coordinator": "Điều phối kế hoạch",
            "agency_reporter": "Báo cáo của cơ quan",
        }
        for user in users:
            secret = user.password or "(giữ mật khẩu đã đặt trước đó)"
            write(f"  {user.username:<9} mật khẩu: {secret:<16} {labels[user.role]} — {user.scope}")

    def _refresh_figures(self) -> None:
        """The yearly figures of every indicator, so the dashboard and the home page read
        the demo plan's targets at once."""
        call_command("indicators", "refresh", stdout=self.stdout)

    def _report(
        self,
        province: str,
        result: demo.DemoResult,
        elapsed: float,
        users: list[demo.DemoUser],
    ) -> None:
        write = self.stdout.write
        write(f"{demo.SYNTHETIC_MARK} — tỉnh mã {province}: mọi hồ sơ đều được đánh dấu mô phỏng.")
        if result.deleted:
            write(f"Đã xóa {_n(result.deleted)} hồ sơ mô phỏng cũ.")
        if result.skipped_existing:
            write(
                f"Đã có {_n(result.skipped_existing)} hồ sơ mô phỏng của tỉnh {province}: "
                "không tạo thêm (dùng --reset để tạo lại)."
            )
        else:
            counts = result.counts
            write(
                f"Đã tạo {_n(counts.people)} hồ sơ, {_n(counts.employments)} giai đoạn công tác, "
                f"{_n(counts.qualifications)} văn bằng, {_n(counts.changes)} thay đổi "
                f"trong {_seconds(elapsed)} giây (sinh dữ liệu {_seconds(result.seconds_generate)} "
                f"giây, ghi {_seconds(result.seconds_write)} giây)."
            )
        people = demo.synthetic_people(province)
        write("Số hồ sơ theo lĩnh vực:")
        rows = people.values("sector").annotate(n=Count("id")).order_by("-n", "sector")
        for row in rows:
            write(f"  {_label('sector', row['sector']):<34} {_n(row['n']):>7}")
        retired = people.filter(employment_type="retired").count()
        leaders = people.filter(is_leader=True).count()
        write(
            f"Đang công tác: {_n(people.count() - retired)}; đã nghỉ hưu: {_n(retired)}; "
            f"lãnh đạo, quản lý: {_n(leaders)}."
        )
        write("Tài khoản dùng thử:")
        for user in users:
            scope = _unit_name(user.unit_code)
            secret = user.password if user.password else "(giữ mật khẩu đã đặt trước đó)"
            write(
                f"  {user.username:<9} mật khẩu: {secret:<16} "
                f"{ROLE_LABELS.get(user.role, user.role)} — {scope}"
            )
        write(f"Mở {URL} để xem.")
