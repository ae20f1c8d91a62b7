"""Tests for sympy_recur.oeis (the OEIS stripped-format reader)."""

import pytest

from sympy_recur.oeis import parse_stripped_line, read_stripped


def test_without_names():
    lines = ["A000045 ,0,1,1,2,3,5,8,13,\n", "A000004 ,0,0,0,\n"]
    assert list(read_stripped(lines)) == [
        ("A000045", [0, 1, 1, 2, 3, 5, 8, 13], None),
        ("A000004", [0, 0, 0], None),
    ]


def test_with_names_and_tabs():
    lines = ["A000351 ,1,5,25,125,\tPowers of 5: a(n) = 5^n.\n",
             "A000027 ,1,2,3,\t\n"]  # an empty name reads as None
    assert list(read_stripped(lines)) == [
        ("A000351", [1, 5, 25, 125], "Powers of 5: a(n) = 5^n."),
        ("A000027", [1, 2, 3], None),
    ]


def test_blank_lines_comments_crlf_and_no_trailing_comma():
    lines = ["# OEIS Sequence Data (http://oeis.org/stripped.gz)\n", "\n", "   \n",
             "A000007 ,1,0,0\r\n", "\n"]
    assert list(read_stripped(lines)) == [("A000007", [1, 0, 0], None)]


def test_negative_and_huge_terms_are_exact():
    big = "9" * 5000  # beyond int()'s default 4300-digit limit for str
    ((anumber, terms, name),) = read_stripped([f"A123456 ,-3,0,{big},-{big},"])
    assert terms == [-3, 0, 10**5000 - 1, -(10**5000 - 1)]


def test_reads_a_path(tmp_path):
    path = tmp_path / "stripped"
    path.write_text("A000079 ,1,2,4,8,\n\nA000244 ,1,3,9,\tPowers of 3.\n", encoding="utf-8")
    assert list(read_stripped(path)) == [("A000079", [1, 2, 4, 8], None),
                                         ("A000244", [1, 3, 9], "Powers of 3.")]
    assert list(read_stripped(str(path)))[0][0] == "A000079"


@pytest.mark.parametrize("bad, message", [
    ("A000045 ,0,1,x,", r"line 3: A000045 term 3 is not an integer: 'x'"),
    ("A000045 ,0,,1,", r"line 3: A000045 term 2 is not an integer: ''"),
    ("A000045 ,0,1_0,", r"term 2 is not an integer: '1_0'"),
    ("A000045 ,0,+1,", r"term 2 is not an integer: '\+1'"),
    ("A000045 ,0,\u00b2,", r"term 2 is not an integer"),
    ("A000045 ,0,1.5,", r"term 2 is not an integer: '1.5'"),
    ("A000045 ,", r"line 3: A000045 has no terms"),
    ("A000045 0,1,", r"line 3: expected ' ,' and comma-separated terms after A000045"),
    ("A000045", r"line 3: expected ' ,'"),
    ("B000045 ,0,1,", r"line 3: expected an A-number such as 'A000045' at the start, got 'B000045'"),
    ("A45 ,0,1,", r"got 'A45'"),
])
def test_malformed_line_names_its_number(bad, message):
    records = read_stripped(["A000001 ,1,", "", bad, "A000002 ,2,"])
    assert next(records) == ("A000001", [1], None)
    with pytest.raises(ValueError, match=message):
        next(records)


def test_path_in_error_message(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("A000001 ,1,\nnonsense\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt: line 2: expected an A-number"):
        list(read_stripped(path))


def test_wrong_kinds_raise_type_error():
    with pytest.raises(TypeError, match="got bytes"):
        list(read_stripped(b"A000001 ,1,"))
    with pytest.raises(TypeError, match="line 1 is bytes"):
        list(read_stripped([b"A000001 ,1,"]))


def test_parse_stripped_line_direct():
    assert parse_stripped_line("A000045 ,0,1,1,\tFibonacci numbers.") == (
        "A000045", [0, 1, 1], "Fibonacci numbers.")


def test_reads_the_shared_dev_files_if_present():
    from pathlib import Path
    data = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not (data / "oeis_broad_dev.txt").exists():
        pytest.skip("shared/data not beside the checkout")
    records = list(read_stripped(data / "oeis_broad_dev.txt"))
    assert len(records) == 2000
    assert all(len(terms) >= 30 and name for _, terms, name in records)
