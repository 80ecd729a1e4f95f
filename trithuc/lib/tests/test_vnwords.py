import pytest

from trithuc.lib.vnwords import amount_in_words, number_to_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (11, "mười một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_500_000, "một triệu năm trăm nghìn"),
        (300_000_000, "ba trăm triệu"),
        (2_000_000_000, "hai tỷ"),
        (1_500_000_000, "một tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (12_345_678, "mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám"),
        (-7, "âm bảy"),
    ],
)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


def test_amount_in_words_is_capitalised_with_currency():
    assert amount_in_words(350_000_000) == "Ba trăm năm mươi triệu đồng"
