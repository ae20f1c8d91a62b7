"""Read sequences in the OEIS "stripped" format.

The OEIS publishes all its sequences in one file, ``stripped``, with one
sequence per line::

    # OEIS Sequence Data (http://oeis.org/stripped.gz)
    A000045 ,0,1,1,2,3,5,8,13,21,34,

Files derived from it may append a TAB and the sequence's name::

    A000351 ,1,5,25,125,625,	Powers of 5: a(n) = 5^n.

Terms are parsed by hand (ASCII digits with an optional minus sign); nothing
is evaluated.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

__all__ = ["read_stripped", "parse_stripped_line"]

# int(str) refuses more than sys.get_int_max_str_digits() (4300 by default)
# digits; longer terms are converted this many digits at a time.
_DIGITS_PER_CHUNK = 1000


def _parse_int(text: str) -> int:
    """Parse an optionally signed run of ASCII digits; raise ValueError otherwise."""
    digits = text[1:] if text.startswith("-") else text
    # str.isdigit alone accepts "²" and other Unicode digits; int() alone
    # accepts "1_000", " 7" and "+7".
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not an integer: {text!r}")
    value = 0
    for start in range(0, len(digits), _DIGITS_PER_CHUNK):
        chunk = digits[start:start + _DIGITS_PER_CHUNK]
        value = value * 10**len(chunk) + int(chunk)
    return -value if text.startswith("-") else value


def _is_anumber(text: str) -> bool:
    return len(text) >= 7 and text[0] == "A" and text[1:].isascii() and text[1:].isdigit()


def parse_stripped_line(line: str) -> tuple[str, list[int], str | None]:
    """Parse one non-blank, non-comment line of a stripped file.

    Returns ``(anumber, terms, name)``, ``name`` being ``None`` when the line
    has no TAB-separated name. Raises ``ValueError`` naming the bad part.

    Examples
    ========

    >>> from sympy_recur.oeis import parse_stripped_line
    >>> parse_stripped_line("A000045 ,0,1,1,2,3,5,8,")
    ('A000045', [0, 1, 1, 2, 3, 5, 8], None)
    >>> parse_stripped_line("A000351 ,1,5,25,\\tPowers of 5.")
    ('A000351', [1, 5, 25], 'Powers of 5.')
    """
    line = line.rstrip("\r\n")
    data, tab, name = line.partition("\t")
    name = name.strip() if tab else None
    anumber, sep, rest = data.strip().partition(" ")
    if not _is_anumber(anumber):
        raise ValueError(f"expected an A-number such as 'A000045' at the start, got {anumber!r}")
    rest = rest.strip()
    if not sep or not rest.startswith(","):
        raise ValueError(f"expected ' ,' and comma-separated terms after {anumber}")
    fields = rest[1:].split(",")
    if fields and fields[-1] == "":  # the usual trailing comma
        fields.pop()
    if not fields:
        raise ValueError(f"{anumber} has no terms")
    terms = []
    for position, field in enumerate(fields, start=1):
        try:
            terms.append(_parse_int(field))
        except ValueError:
            raise ValueError(f"{anumber} term {position} is not an integer: {field!r}") from None
    return anumber, terms, name or None


def read_stripped(path_or_lines: str | os.PathLike | Iterable[str]
                  ) -> Iterator[tuple[str, list[int], str | None]]:
    """Yield ``(anumber, terms, name_or_None)`` for each sequence in a stripped file.

    Explanation
    ===========

    ``path_or_lines`` is a file path (``str`` or path-like) or an iterable of
    lines. Blank lines and lines starting with ``#`` are skipped. A malformed
    line raises ``ValueError`` with its 1-based line number, when the iterator
    reaches it.

    Examples
    ========

    >>> from sympy_recur.oeis import read_stripped
    >>> lines = ["# OEIS Sequence Data", "A000027 ,1,2,3,4,", "",
    ...          "A000079 ,1,2,4,8,\\tPowers of 2: a(n) = 2^n."]
    >>> for record in read_stripped(lines):
    ...     print(record)
    ('A000027', [1, 2, 3, 4], None)
    ('A000079', [1, 2, 4, 8], 'Powers of 2: a(n) = 2^n.')
    """
    if isinstance(path_or_lines, (str, os.PathLike)):
        with open(path_or_lines, encoding="utf-8") as handle:
            yield from _read_lines(handle, source=os.fspath(path_or_lines))
    elif isinstance(path_or_lines, bytes):
        raise TypeError("read_stripped takes a path (str or os.PathLike) or an iterable of "
                        "str lines, got bytes")
    else:
        yield from _read_lines(path_or_lines, source="<lines>")


def _read_lines(lines: Iterable[str], source: str) -> Iterator[tuple[str, list[int], str | None]]:
    for lineno, line in enumerate(lines, start=1):
        if not isinstance(line, str):
            raise TypeError(f"{source}: line {lineno} is {type(line).__name__}, expected str")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            yield parse_stripped_line(line)
        except ValueError as exc:
            raise ValueError(f"{source}: line {lineno}: {exc}") from None
