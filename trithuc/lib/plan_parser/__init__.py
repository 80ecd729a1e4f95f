"""Parser for Vietnamese implementation plans ("Kế hoạch thực hiện ...").

Pure Python: the standard library, python-docx and pypdf, and no Django, so that it can
be tested and benchmarked on its own.

    >>> from trithuc.lib.plan_parser import parse_plan_file, PlanParseError
    >>> plan = parse_plan_file("140-KH-TU.docx")  # doctest: +SKIP
"""

from .errors import PlanParseError
from .parser import parse_plan_text
from .readers import parse_plan_file, read_plan_file

__all__ = ["PlanParseError", "parse_plan_file", "parse_plan_text", "read_plan_file"]
