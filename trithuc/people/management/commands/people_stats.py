"""trithuc people_stats --by FIELD[,FIELD...] [--unit CODE] [--as-of YYYY-MM-DD] [--format json]"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trithuc.people.models import Person
from trithuc.people.stats import StatsError, people_stats


class Command(BaseCommand):
    help = "Đếm số người theo nhóm (lĩnh vực, trình độ…), hiện tại hoặc tại một ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", required=True, help="các trường nhóm, cách nhau dấu phẩy")
        parser.add_argument("--unit", help="mã tỉnh (2 số) hoặc mã xã/phường (5 số)")
        parser.add_argument("--as-of", dest="as_of", help="ngày tính, dạng YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: object, **options: object) -> None:
        by = [part.strip() for part in str(options["by"]).split(",") if part.strip()]
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(str(options["as_of"]))
            except ValueError as exc:
                raise CommandError("Ngày --as-of phải có dạng YYYY-MM-DD.") from exc
        unit = options.get("unit") or None
        if unit and not (str(unit).isdigit() and len(str(unit)) in (2, 5)):
            raise CommandError("Mã đơn vị phải gồm 2 chữ số (tỉnh) hoặc 5 chữ số (xã/phường).")
        try:
            rows = people_stats(Person.objects.all(), by, unit=unit, as_of=as_of)  # type: ignore[arg-type]
        except StatsError as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write("\t".join(str(row[name]) for name in [*by, "count"]))
