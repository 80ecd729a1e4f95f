"""PostgreSQL: the list page's name search (search.PgNameSearch) finds the same people,
count and pages as the plain condition, whichever shape it takes."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trithuc.lib.text import fold, given_name_sort_key
from trithuc.people import search, views
from trithuc.people.models import Person
from trithuc.people.search import PgNameSearch, search_people
from trithuc.people.views import CappedPaginator

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own search path"),
]

NAMES = [
    # Separators, words that start longer words, a query word inside a name.
    "Hoàng Văn An", "Hoàng Thị Bích", "Nông Văn Hoàng", "Hoàng Văn Cường", "Lý Thị Hoa",
    "H'Hen Niê", "Trần-Thị Ngọc", "A’Lăng Hoa", "Hoa Văn Hoàng", "Văn Thị Vân",
    "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Vân Hoàn", "Nông Văn-An", "Nông Vàng Hoa",
    # "tran thi": names that start with it, a longer word ("thịnh"), "trần" not first,
    # and a longer word that is not ASCII once folded ("thiø"): only the plain
    # condition and the row-by-row check see that one.
    "Trần Thị An", "Trần Thị Anh", "Trần Thị Ánh", "Trần Văn Thịnh", "Lê Trần Thị Hà",
    "Trần Thiø An", "Łan Thị Hoa", "Trần Thị Bé", "Bế Thị Hoa", "Bế Thị Hoài",
    # Many people with the same few names: counts past a small cap, equal sort keys.
    *["Hoàng Văn Bình", "Hoàng Thị Hoa", "Nông Văn Bình", "Nông Thị Hoa", "Trần Thị Hoa"] * 4,
]  # fmt: skip
QUERIES = [
    "hoang", "hoang van", "hoa", "van", "van van", "thi", "tran thi", "hen", "h hen",
    "lang hoa", "a lang", "ngoc", "ng", "an", "xyz", "oang", "thi ngoc", "nguyen van an",
    "tran", "nong van", "be thi hoa", "thi hoa", "lan",
]  # fmt: skip
ORDERS = [("name_sort", "id"), ("-name_sort", "-id"), ("birth_date", "id"), ("name_folded", "id")]


@pytest.fixture
def people():
    Person.objects.bulk_create(
        Person(
            national_id=f"004085{number:06d}",
            full_name=name,
            name_folded=fold(name),
            name_sort=given_name_sort_key(name),
            birth_date=dt.date(1960 + number % 40, 1, 1),
            gender="male",
            ethnicity="01",
            workplace_unit="04",
            province_code="04",
            employer="x",
            employment_type="civil_servant",
            sector="health" if number % 3 else "education",
            education_level="master",
        )  # fmt: skip
        for number, name in enumerate(NAMES, start=1)
    )
    with connection.cursor() as cursor:  # the planner's estimates and the histogram
        cursor.execute("ANALYZE people_person")
    search._statistics_read.clear()  # what another test's data left


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("id", flat=True))


def _words(query: str) -> list[str]:
    return search._WORD.findall(fold(query))


def _lexemes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', name_folded) "
            "FROM people_person')"
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("query", QUERIES)
def test_every_shape_finds_matches_only_and_the_tested_ones_find_them_all(people, query):
    plain = _ids(search_people(Person.objects.all(), query))
    words = _words(query)
    searched = search_people(Person.objects.all(), query)
    # Tested row by row: the same people.
    assert _ids(search._with_mode(searched, search.CHECK)) == plain
    if len(words) > 1:
        assert _ids(search._with_mode(searched, search.NECESSARY)) == plain
    # The parts that prove a count past the cap: matches only, each counted once.
    longer = sorted(
        word for word in _lexemes()
        if word != words[-1] and word.startswith(words[-1]) and search._WORD.fullmatch(word)
    )  # fmt: skip
    parts = [
        _ids(search._with_mode(searched, search.PREFIX)),
        _ids(search._with_mode(searched, search.LONGER, longer)) if longer else set(),
        _ids(search._with_mode(searched, search.EXACT_REST, longer)),
    ]
    for part in parts:
        assert part <= plain
    for first, second in itertools.combinations(parts, 2):
        assert not first & second
    # With every longer word known, only names folded to more than ASCII escape them.
    missed = Person.objects.filter(id__in=plain - set().union(*parts))
    assert all(not person.name_folded.isascii() for person in missed)


def test_the_tricky_names_are_found_as_before(people):
    def names(query: str) -> list[str]:
        return sorted(
            search_people(Person.objects.all(), query).values_list("full_name", flat=True)
        )

    assert "Trần Thiø An" in names("tran thi") and "Lê Trần Thị Hà" in names("tran thi")
    assert names("nong van") == sorted(
        ["Nông Văn Hoàng", "Nông Văn-An", "Nông Vàng Hoa", *["Nông Văn Bình"] * 4]
    )
    assert names("a lang") == ["A’Lăng Hoa"] and names("h hen") == ["H'Hen Niê"]
    assert names("oang") == []


def _plain_pages(queryset, cap: int, per_page: int) -> tuple[int, list[list[int]]]:
    count = queryset.order_by()[: cap + 1].count()
    everything = list(queryset.values_list("id", flat=True))
    pages = [everything[i : i + per_page] for i in range(0, len(everything), per_page)]
    return count, pages


def _estimating(monkeypatch, estimate: float | None) -> None:
    """A tiny table gets tiny estimates: force a large one to take the paths of many."""
    if estimate is not None:
        monkeypatch.setattr(PgNameSearch, "_estimate", lambda self: estimate)


@pytest.mark.parametrize(
    ("cap", "sort_up_to", "margin", "estimate"),
    [
        (10_000, 10_000, 8, None), (3, 10_000, 8, None), (3, 10_000, 0.01, 1e6),
        (3, 0, 8, 1e6), (6, 2, 0.01, None), (6, 10_000, 8, 1e6), (10_000, 10_000, 8, 1e6),
    ],
)  # fmt: skip
def test_counts_and_pages_are_those_of_the_plain_condition(
    people, monkeypatch, cap, sort_up_to, margin, estimate
):
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    monkeypatch.setattr(search, "SORT_MATCHES_UP_TO", sort_up_to)
    monkeypatch.setattr(search, "SLICE_MARGIN", margin)  # 0.01: slices widened in turn
    _estimating(monkeypatch, estimate)
    per_page = 2
    for query, order, sector in itertools.product(QUERIES, ORDERS, [None, "health"]):
        people = Person.objects.all() if sector is None else Person.objects.filter(sector=sector)
        queryset = search_people(people, query).order_by(*order)
        count, pages = _plain_pages(queryset, cap, per_page)
        paginator = CappedPaginator(queryset, per_page)
        assert paginator.name_search is not None
        assert paginator.count == count, (query, order, sector)
        for number, expected in enumerate([*pages, []], start=1):
            if not expected and number > 1 and not paginator.count_capped:
                break  # past the last page: Django's own EmptyPage
            page = paginator.page(number)
            assert [person.id for person in page.object_list] == expected, (query, order, number)
            assert page.has_next() == (number < len(pages)), (query, order, number)


def _sql_of(query: str, monkeypatch, cap: int, order=("name_sort", "id")) -> list[str]:
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    queryset = search_people(Person.objects.all(), query).order_by(*order)
    with CaptureQueriesContext(connection) as captured:
        paginator = CappedPaginator(queryset, 2)
        list(paginator.page(1).object_list)
    return [statement["sql"] for statement in captured.captured_queries]


def test_each_shape_is_taken_where_it_pays(people, monkeypatch):
    _estimating(monkeypatch, 1e6)
    # Past the cap, "hoang" is proven by the names that start with it (the btree on
    # name_folded) and its page walks name_sort, testing each row.
    sql = _sql_of("hoang", monkeypatch, cap=3)
    assert any("starts_with" in s and s.startswith("SELECT COUNT(*)") for s in sql)
    assert any("strpos" in s and "ORDER BY" in s and "OFFSET 0" not in s for s in sql)
    # "tran thi" reads its page from the rows of "tran" within a slice of name_sort.
    sql = _sql_of("tran thi", monkeypatch, cap=3)
    assert any("OFFSET 0" in s and '"name_sort" <' in s for s in sql)
    # Under the cap: one pass through GIN gives the count and the page.
    monkeypatch.setattr(PgNameSearch, "_estimate", lambda self: 2.0)
    sql = _sql_of("be thi hoa", monkeypatch, cap=10_000)
    passes = [s for s in sql if "to_tsquery('simple'::regconfig" in s and "EXPLAIN" not in s]
    assert len(passes) == 1 and "LIMIT 10001" in passes[0]
    # Another order past the cap: the plain condition, as the planner sees fit.
    sql = _sql_of("hoang", monkeypatch, cap=3, order=("birth_date", "id"))
    assert any("to_tsquery('simple'::regconfig" in s and '"birth_date" ASC' in s for s in sql)


def test_queries_it_cannot_take_apart_are_counted_as_they_are(people):
    searched = search_people(Person.objects.all(), "hoang")
    either = searched | Person.objects.filter(name_folded="ly thi hoa")
    assert PgNameSearch.of(either.order_by("name_sort", "id"), 10) is None
    assert PgNameSearch.of(Person.objects.exclude(id__in=[]).order_by("id"), 10) is None
    negated = Person.objects.exclude(id__in=searched.values("id")).order_by("id")
    assert PgNameSearch.of(negated, 10) is None
    assert PgNameSearch.of(searched.order_by("name_sort", "id"), 10) is not None
    paginator = CappedPaginator(either.order_by("name_sort", "id"), 2)
    expected = sorted(either.values_list("name_sort", "id"), key=lambda row: (row[0], row[1]))[:2]
    assert [(p.name_sort, p.id) for p in paginator.page(1).object_list] == expected
