"""The small pure functions the checks rest on: titles, QN check characters, rounding, templates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from criteria_checker.checks.ofqual import nearest_whole
from criteria_checker.checks.qualification_number import check_character, qn_digits
from criteria_checker.checks.title import compare_titles, normalise_title
from criteria_checker.engine.templates import TemplateError, render, template_fields

SHARED = "Level 5 Diploma in Leading and Managing an Adult Care Service"


@pytest.mark.parametrize(("title", "organisation", "verdict"), [
    (SHARED, None, "same"),
    ("NCFE CACHE Level 5 Diploma in Leading and Managing an Adult Care Service (RQF)", None,
     "same"),
    ("City & Guilds Level 5 Diploma in Leading & Managing an Adult Care Service (England)",
     "City & Guilds", "same"),
    ("level 5 diploma in leading and managing an adult care service (england) (rqf)", None,
     "same"),
    ("Level 5 Diploma in Leading and Managing an Adult Care Services", None, "near_miss"),
    ("Acme Level 5 Diploma in Leading and Managing Adult Care Services", "Acme", "near_miss"),
    ("Acme Level 5 Diploma in Leading and Managing Adult Care Services", None, "near_miss"),
    ("Level 5 Diploma in Leadership and Management for Adult Care (England)", None,
     "different"),
    ("Level 3 Diploma in Adult Care", None, "different"),
])
def test_compare_titles(title: str, organisation: str | None, verdict: str) -> None:
    assert compare_titles(title, SHARED, organisation) == verdict


def test_normalise_title() -> None:
    assert normalise_title("  Leading &Managing\tan Adult  Care Service (RQF) (England) ") == \
        "leading and managing an adult care service"


words = st.lists(st.sampled_from(["Level", "5", "Diploma", "in", "Care", "&", "and", "(RQF)",
                                  "(England)", "ÆSIR", "straße"]), min_size=1, max_size=8)


@given(words, st.sampled_from([" ", "  ", "\t"]))
def test_normalising_is_idempotent_and_ignores_spacing(parts: list[str], space: str) -> None:
    title = space.join(parts)
    once = normalise_title(title)
    assert normalise_title(once) == once
    assert normalise_title(" ".join(parts)) == once
    assert normalise_title(title.upper()) == normalise_title(title.lower())


@given(words, st.sampled_from(["Acme Awards", "NCFE CACHE", "City & Guilds"]))
def test_an_organisation_name_before_the_title_never_matters(parts: list[str],
                                                             organisation: str) -> None:
    title = " ".join(parts)
    if normalise_title(title):
        assert compare_titles(f"{organisation} {title}", title, organisation) == "same"


@pytest.mark.parametrize(("number", "digits"), [
    ("610/1880/6", ("6101880", "6")), ("61018806", ("6101880", "6")),
    ("601/7836/x", ("6017836", "X")), ("610/18806", None), ("610-1880-6", None),
    ("6101880", None), ("610/1880/66", None), ("A10/1880/6", None),
])
def test_qn_digits(number: str, digits: tuple[str, str] | None) -> None:
    assert qn_digits(number) == digits


@pytest.mark.parametrize(("digits", "expected"), [
    ("6101880", "6"), ("6017836", "X"), ("6034970", "0"),
])
def test_check_character(digits: str, expected: str) -> None:
    assert check_character(digits) == expected


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=20))
def test_nearest_whole(numerator: int, denominator: int) -> None:
    allowed = nearest_whole(numerator, denominator)
    exact = numerator / denominator
    assert all(abs(n - exact) <= 0.5 for n in allowed)
    assert len(allowed) == (2 if (numerator * 2) % (denominator * 2) == denominator else 1)


def test_nearest_whole_examples() -> None:
    assert nearest_whole(950, 10) == (95,)
    assert nearest_whole(95, 10) == (9, 10)
    assert nearest_whole(94, 10) == (9,)
    assert nearest_whole(96, 10) == (10,)


def test_template_fields_and_render() -> None:
    template = "TQT {tqt} is {side} {{literal}} {tqt!r}"
    assert template_fields(template) == ["tqt", "side"]
    assert render(template, {"tqt": "880", "side": "below"}) == "TQT 880 is below {literal} '880'"


@pytest.mark.parametrize(("template", "message"), [
    ("{0}", "message template field {0} is not a plain name (write {name}, with no dots, "
            "brackets or numbers)"),
    ("{}", "message template field {} is not a plain name (write {name}, with no dots, "
           "brackets or numbers)"),
    ("{a[0]}", "message template field {a[0]} is not a plain name (write {name}, with no "
               "dots, brackets or numbers)"),
    ("{a!s}", "message template field {a!s}: only !r is allowed"),
    ("{a", "message template is not valid: expected '}' before end of string"),
])
def test_broken_templates(template: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        template_fields(template)
    assert str(caught.value) == message
