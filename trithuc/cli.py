"""The `trithuc` console script: Django's management commands with trithuc's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trithuc.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    # "trithuc import-cbccvc" names the command import_cbccvc (Django's names are modules).
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["trithuc", *args])


if __name__ == "__main__":
    main()
