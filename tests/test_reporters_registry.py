"""What every reporter promises, whatever its format.

The registry names six formats with their file extensions and loads each
format's code only when it renders (a pre-commit hook must not pay for HTML or
SARIF). Every format is a pure function of the reports: the same reports give
the same bytes, across runs and hash seeds; an empty list renders; and no text
a hostile document can put into a report (control characters, markup, quotes)
stops a format from rendering or from being parsed by its consumers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml

from criteria_checker.errors import UsageError
from criteria_checker.model.data import to_data
from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME, get_reporter
from criteria_checker.reporters.json import report_schema
from criteria_checker.reporters.sarif import SarifReporter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
FIXTURE_NAMES = ["conformant", "docx-not-conformant", "xml-not-conformant"]
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def all_fixtures() -> list[Report]:
    return [load(name) for name in FIXTURE_NAMES]


# -- the registry ---------------------------------------------------------------------------


def test_registry_names_the_formats_with_their_extensions() -> None:
    assert {name: r.extension for name, r in REPORTER_BY_NAME.items()} == {
        "text": ".txt", "json": ".json", "markdown": ".md", "html": ".html",
        "junit": ".xml", "sarif": ".sarif", "compact": ".txt",
    }
    assert all(r.name == name for name, r in REPORTER_BY_NAME.items())


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_each_lazy_entry_describes_its_real_reporter(name: str) -> None:
    entry = REPORTER_BY_NAME[name]
    real = entry.load()  # type: ignore[attr-defined]
    assert (real.name, real.extension) == (entry.name, entry.extension)


def test_unknown_format_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError) as info:
        get_reporter("pdf")
    assert str(info.value) == (
        "unknown report format 'pdf': choose one of text, json, markdown, html, junit, sarif, "
        "compact"
    )
    assert get_reporter("sarif") is REPORTER_BY_NAME["sarif"]


def _modules_after(code: str) -> set[str]:
    """The modules of interest imported by a fresh interpreter running ``code``."""
    script = (
        f"{code}\nimport sys\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('criteria_checker.reporters')"
        " or m in ('pydantic', 'lxml', 'jsonschema', 'hashlib', 'xml.etree.ElementTree')))"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout
    return set(out.split())


def test_importing_the_registry_loads_no_format_and_no_pydantic() -> None:
    assert _modules_after("import criteria_checker.reporters") == {
        "criteria_checker.reporters", "criteria_checker.reporters.base",
    }


def test_rendering_text_loads_the_text_format_only() -> None:
    code = (
        "import json\n"
        "from criteria_checker.model.report import Report\n"
        "from criteria_checker.model.validation import validate\n"
        "from criteria_checker.reporters import REPORTER_BY_NAME\n"
        f"r = validate(Report, json.loads(open({str(FIXTURES / 'xml-not-conformant.json')!r})"
        ".read()))\n"
        "REPORTER_BY_NAME['text'].render([r])"
    )
    modules = {m for m in _modules_after(code) if m.startswith("criteria_checker.reporters")}
    assert modules == {
        "criteria_checker.reporters", "criteria_checker.reporters.base",
        "criteria_checker.reporters.text",
    }


# -- determinism ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_same_reports_give_the_same_bytes(name: str) -> None:
    reporter = REPORTER_BY_NAME[name]
    first = reporter.render(all_fixtures())
    # Fresh objects with equal content: nothing may depend on identity or history.
    copies = [validate(Report, json.loads(json.dumps(to_data(r)))) for r in all_fixtures()]
    assert reporter.render(copies) == first
    assert reporter.render(all_fixtures(), color=False) == first


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_output_does_not_depend_on_the_hash_seed(name: str) -> None:
    code = (
        "import json, sys\n"
        "from criteria_checker.model.report import Report\n"
        "from criteria_checker.model.validation import validate\n"
        "from criteria_checker.reporters import REPORTER_BY_NAME\n"
        f"names = {FIXTURE_NAMES!r}\n"
        f"reports = [validate(Report, json.loads(open({str(FIXTURES)!r} + '/' + n + '.json')"
        ".read())) for n in names]\n"
        f"sys.stdout.write(REPORTER_BY_NAME[{name!r}].render(reports))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_no_clock_or_host_in_the_output(name: str) -> None:
    text = REPORTER_BY_NAME[name].render(all_fixtures())
    for forbidden in ("timestamp", "hostname", "Utc", "T00:", "2025-", "2026-"):
        assert forbidden not in text


# -- golden outputs ----------------------------------------------------------------------------

GOLDEN = FIXTURES / "golden"
GOLDEN_FORMATS = ["text", "markdown", "json", "junit", "sarif", "compact"]


@pytest.mark.parametrize("name", GOLDEN_FORMATS)
def test_output_matches_the_reviewed_golden_file(name: str) -> None:
    """The three fixtures rendered together, byte for byte.

    After an intended change, regenerate with
    ``CRITERIA_CHECKER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reporters_registry.py``
    and review the diff.
    """
    reporter = REPORTER_BY_NAME[name]
    golden = GOLDEN / f"{name}{reporter.extension}"
    text = reporter.render(all_fixtures())
    if os.environ.get("CRITERIA_CHECKER_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes()


# -- edge cases -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
def test_an_empty_list_of_reports_renders(name: str) -> None:
    text = REPORTER_BY_NAME[name].render([])
    if name == "compact":
        assert text == ""  # one line per finding: nothing to say, nothing printed
    else:
        assert text.endswith("\n")


def test_empty_documents_are_still_valid_for_their_consumers() -> None:
    jsonschema.Draft202012Validator(report_schema()).validate(
        json.loads(REPORTER_BY_NAME["json"].render([])))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(
        json.loads(REPORTER_BY_NAME["sarif"].render([])))
    assert list(JUnitXml.fromstring(REPORTER_BY_NAME["junit"].render([]).encode())) == []
    assert REPORTER_BY_NAME["text"].render([]) == (
        "0 files: 0 conformant, 0 not conformant - 0 errors, 0 warnings, 0 info\n")


# Text a document could carry: controls, markup, quotes, separators, odd Unicode.
hostile_text = st.lists(
    st.sampled_from([
        *"a1 <>&\"'|*_`[]#\\\n\r\t\x00\x1b\x7f\x85\u2028\u202e\ufffeé–😀²٣\udcff\ud800",
        "../", "/", "]]>", "-->", "</script>", "<script>alert(1)</script>", "&amp;", "${x}",
    ]),
    min_size=1, max_size=12,
).map("".join)


def _hostile_report(text: str) -> Report:
    base = load("docx-not-conformant")
    units = list(base.coverage.units)
    units[0] = replace(units[0], **{"title": text})
    finding = Finding(rule_id="TST001", severity="warning", message=text, ref=text,
                      location=SourceLocation(file="dir/" + text + ".docx", locator=text,
                                              path=text), help=text)
    return replace(base, **{
        "findings": [*base.findings, finding],
        "spec": replace(base.spec, **{"title": text, "awarding_organisation": text}),
        "coverage": replace(base.coverage, **{"units": units}),
    })


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_any_document_text_renders_and_stays_parseable(text: str) -> None:
    reports = [_hostile_report(text), load("xml-not-conformant")]
    for reporter in REPORTER_BY_NAME.values():
        reporter.render(reports, color=True).encode("utf-8")
    jsonschema.Draft202012Validator(report_schema()).validate(
        json.loads(REPORTER_BY_NAME["json"].render(reports)))
    sarif = json.loads(SarifReporter(base_dir=ROOT).render(reports))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    suites = list(JUnitXml.fromstring(REPORTER_BY_NAME["junit"].render(reports).encode()))
    assert len(suites) == 2
    html = REPORTER_BY_NAME["html"].render(reports)
    assert html.count("<script") == 1
    text_out = REPORTER_BY_NAME["text"].render(reports)
    # Only the summary, headings and findings make lines: the hostile text adds none.
    assert "\x1b" not in text_out and "\r" not in text_out and "\u202e" not in text_out
    assert len(text_out.splitlines()) == len(REPORTER_BY_NAME["text"].render(
        [_hostile_report("x"), load("xml-not-conformant")]).splitlines())
