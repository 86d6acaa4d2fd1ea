"""The qualification number (QN): format, and the check character as a warning.

A QN is written ``NNN/NNNN/C`` or, as a learning aim reference, as the same
eight characters without slashes. For every real QN seen, the check
character C is (8*d1 + 7*d2 + ... + 2*d7) mod 11, with 10 written X; the
algorithm is not published, so a mismatch is a warning, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from criteria_checker.compiled_cache import regex
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, RawFinding, check

_QN = regex(r"^(\d{3})/?(\d{4})/?([0-9X])$")


def qn_digits(number: str) -> tuple[str, str] | None:
    """(seven digits, check character) of a well-formed QN, else None."""
    text = number.strip().upper()
    if "/" in text and text.count("/") != 2:
        return None
    match = _QN.match(text)
    if match is None or (text.count("/") == 0 and len(text) != 8):
        return None
    return match.group(1) + match.group(2), match.group(3)


def check_character(digits: str) -> str:
    """The check character for seven digits: weights 8 down to 2, mod 11, 10 as X."""
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    value = total % 11
    return "X" if value == 10 else str(value)


@check("qualification_number.format", params=NoParams, fields=("number",))
def number_format(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """A stated qualification number is NNN/NNNN/C or the same eight characters unbroken."""
    number = context.spec.qualification_number
    if number is not None and number.strip() and qn_digits(number) is None:
        yield RawFinding({"number": number.strip()},
                         context.spec.location_of("qualification_number"))


@check("qualification_number.check_character", params=NoParams, fields=("number", "expected"))
def number_check_character(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """The last character of the qualification number matches the others."""
    number = context.spec.qualification_number
    parts = qn_digits(number) if number is not None else None
    if number is None or parts is None:
        return
    digits, given = parts
    expected = check_character(digits)
    if given != expected:
        yield RawFinding({"number": number.strip(), "expected": expected},
                         context.spec.location_of("qualification_number"))
