"""trithuc people_stats --by FIELD[,FIELD...] [--unit CODE] [--as-of YYYY-MM-DD]
    [--format json|text] [--user USERNAME]

Without `--user` the command counts the whole registry, as the operator of the server.
With `--user` it counts what that user may count on the web: the people of
`Person.objects.visible_to(user)`; for roles without profile access (analysts) small cells
and the cells that give them away are hidden as on the summary page
(`trithuc.lib.disclosure.protect_table`), and so they are for roles that see profiles
with sensitive fields masked when the counts are grouped by a sensitive field (a cell of
one person by religion and commune would unmask that person's religion).
"""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.accounts.scope import scope_of
from trithuc.accounts.services import can_see_sensitive, can_view_aggregates
from trithuc.lib import disclosure
from trithuc.people.command_users import REFUSED, user_for_command
from trithuc.people.masking import SENSITIVE_FIELDS
from trithuc.people.models import Person
from trithuc.people.stats import StatsError, people_stats

Rows = list[dict[str, object]]


def must_protect(user: Any, by: list[str]) -> bool:
    """Are these counts hidden below the threshold for `user`? For roles without profile
    access always; for roles that see sensitive fields masked, when grouped by one."""
    if scope_of(user).hides_small_cells:
        return True
    return bool(SENSITIVE_FIELDS & set(by)) and not can_see_sensitive(user)


def protected_rows(rows: Rows, by: list[str]) -> Rows:
    """`rows` (one or two grouping fields) with the counts that must not be seen set to
    None: the rows fill a one- or two-way table, protected with its margins by
    `disclosure.protect_table`, since the margins can be had with fewer fields."""
    if len(by) > 2:
        raise ValueError("protected_rows takes one or two grouping fields")
    firsts = list(dict.fromkeys(row[by[0]] for row in rows))
    seconds = list(dict.fromkeys(row[by[1]] for row in rows)) if len(by) == 2 else [None]
    first_index = {value: i for i, value in enumerate(firsts)}
    second_index = {value: j for j, value in enumerate(seconds)}

    def place(row: dict[str, object]) -> tuple[int, int]:
        return first_index[row[by[0]]], second_index[row[by[1]] if len(by) == 2 else None]

    cells = [[0] * len(seconds) for _ in firsts]
    for row in rows:
        i, j = place(row)
        cells[i][j] += int(row["count"])  # type: ignore[call-overload]
    table = disclosure.protect_table(cells)
    return [{**row, "count": table[place(row)[0]][place(row)[1]]} for row in rows]


class Command(BaseCommand):
    help = (
        "Đếm số người theo nhóm (lĩnh vực, trình độ…), hiện tại hoặc tại một ngày. Không có "
        "--user: đếm toàn bộ cơ sở dữ liệu (quyền của người vận hành máy chủ). Có --user: chỉ "
        "đếm người trong phạm vi của người dùng đó; với vai trò chỉ xem số liệu tổng hợp, ô "
        "dưới ngưỡng và các ô suy ra được chúng bị ẩn (null) như trên trang tổng hợp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", required=True, help="các trường nhóm, cách nhau dấu phẩy")
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")
        parser.add_argument("--as-of", dest="as_of", help="ngày tính, dạng YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--user",
            help="tên đăng nhập: đếm như người này xem trên web (phạm vi, ẩn ô nhỏ); bỏ "
            "trống là người vận hành máy chủ, đếm tất cả",
        )

    def handle(self, *args: object, **options: object) -> None:
        by = [part.strip() for part in str(options["by"]).split(",") if part.strip()]
        if not by:
            raise CommandError("Cần ít nhất một trường nhóm (--by).")
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(str(options["as_of"]))
            except ValueError as exc:
                raise CommandError("Ngày --as-of phải có dạng YYYY-MM-DD.") from exc
        unit = options.get("unit") or None
        if unit and not (str(unit).isdigit() and len(str(unit)) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        people = Person.objects.all()
        protect = False
        if options.get("user"):
            user = user_for_command(
                str(options["user"]),
                can_view_aggregates,
                "Người dùng “{username}” không có vai trò được xem số liệu tổng hợp.",
            )
            people = Person.objects.visible_to(user)
            protect = must_protect(user, by)
            if protect and len(by) > 2:
                # Hiding small cells is defined on a table with its margins; three or more
                # fields would leave most cells below the threshold anyway.
                raise CommandError(
                    "Với vai trò và các trường này, các ô dưới ngưỡng được ẩn: chỉ nhóm theo "
                    "tối đa hai trường.",
                    returncode=REFUSED,
                )
        try:
            rows = people_stats(people, by, unit=unit, as_of=as_of, with_assumed=True)  # type: ignore[arg-type]
        except StatsError as exc:
            raise CommandError(str(exc)) from exc
        assumed = sum(int(row.pop("assumed_start")) for row in rows)  # type: ignore[call-overload]
        if as_of is not None and assumed and not protect:
            # A figure of a past date says how much of it rests on the 18th-birthday rule.
            self.stderr.write(
                f"{assumed} người trong số được đếm không có năm bắt đầu công tác: được tính "
                "từ ngày đủ 18 tuổi (người đủ tuổi tuyển dụng công chức, viên chức)."
            )
        if protect:
            rows = protected_rows(rows, by)
            self.stderr.write(
                f"Các ô dưới {disclosure.threshold()} người, và các ô từ đó suy ra được "
                "chúng, được ẩn (null, “ẩn”)."
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            count = "ẩn" if row["count"] is None else row["count"]
            self.stdout.write("\t".join(str(value) for value in [*(row[n] for n in by), count]))
