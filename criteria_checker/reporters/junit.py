"""JUnit XML, so that CI systems show each rule as a test of each specification.

``<testsuites>`` holds one ``<testsuite>`` per checked file (name = the file)
and one ``<testcase>`` per rule the report ran (classname = the file, name =
``RULE-ID rule-name``), in rule order. A rule with findings at or above the
report's fail level is a ``<failure>`` carrying every message with its
location. A rule whose findings are all below the fail level is ``<skipped>``
with those findings as its text: CI dashboards show skips, so warnings stay
visible without failing the build. A rule with no findings passes. Findings
from a rule the report does not list still get a test case. No timestamps,
host names or durations: ``time`` is always 0.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.reporters.base import (
    SEVERITIES,
    at_or_above,
    counts_phrase,
    location_order,
    severity_counts,
    xml_safe,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report


class JunitReporter:
    name = "junit"
    extension = ".xml"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """One ``<testsuites>`` document; ``color`` is ignored."""
        root = ET.Element("testsuites", {"name": "criteria-checker"})
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for report in reports:
            suite = _suite(report)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            root.append(suite)
        root.set("tests", str(totals["tests"]))
        root.set("failures", str(totals["failures"]))
        root.set("errors", "0")
        root.set("skipped", str(totals["skipped"]))
        root.set("time", "0")
        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(report: Report) -> ET.Element:
    file = xml_safe(report.spec.file)
    suite = ET.Element("testsuite", {"name": file})
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("verdict", "conformant" if report.passed else "not conformant"),
        ("fail_on", report.fail_on),
        ("findings", counts_phrase(severity_counts(report.findings))),
        ("criteria", f"{report.criteria.id} ({report.criteria.version})"),
        ("tool_version", report.tool_version),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_safe(value)})

    by_rule: dict[str, list[Finding]] = {}
    for finding in sorted(report.findings, key=location_order):
        by_rule.setdefault(finding.rule_id, []).append(finding)
    cases: list[tuple[str, str]] = []
    seen: set[str] = set()
    for rule in report.rules:
        if rule.id not in seen:
            seen.add(rule.id)
            cases.append((rule.id, f"{rule.id} {rule.name}"))
    # Findings of a rule the report does not describe must not vanish from CI.
    cases += [(rule_id, rule_id) for rule_id in sorted(by_rule) if rule_id not in seen]

    failures = skipped = 0
    for rule_id, case_name in cases:
        case = ET.SubElement(suite, "testcase",
                             {"classname": file, "name": xml_safe(case_name), "time": "0"})
        findings = by_rule.get(rule_id, [])
        if not findings:
            continue
        failing = [f for f in findings if at_or_above(f.severity, report.fail_on)]
        details = xml_safe("\n".join(f"{f.severity}: {f.location}: {f.message}"
                                     for f in findings))
        if failing:
            failures += 1
            element = ET.SubElement(case, "failure", {
                "message": xml_safe(_headline(failing)),
                "type": next(s for s in SEVERITIES if any(f.severity == s for f in failing)),
            })
        else:
            skipped += 1
            element = ET.SubElement(case, "skipped", {
                "message": xml_safe(f"below the fail level ({report.fail_on}): "
                                    f"{_headline(findings)}"),
            })
        element.text = details
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    return suite


def _headline(findings: list[Finding]) -> str:
    """The first message, and how many more there are."""
    first = findings[0].message
    more = len(findings) - 1
    return first if more == 0 else f"{first} (and {more} more)"


REPORTER = JunitReporter()
