"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers, SARIF viewers).

One run holds every checked file: ``tool.driver.rules`` lists each rule the
reports describe (id order), ``artifacts`` one entry per file, ``results``
one entry per finding. An XML finding points at its line
(``physicalLocation.region.startLine``); a DOCX finding, which has no line,
names its place as a logical location (``name`` = the Word locator,
``fullyQualifiedName`` = the document.xml path, ``kind`` = ``element``).

Each result carries ``partialFingerprints["criteriaChecker/v1"]``: a hash of
the rule id, the file name without its folder, the criteria reference, the
Word path or locator and the message. Line numbers are left out so that a
finding keeps its identity when lines above it move, and the folder is left
out so that it survives a renamed checkout.

Results about a criteria node name it twice: ``properties.criteriaRef`` (the
canonical reference) and ``taxa``, a reference to a taxon of
``runs[].taxonomies``. There is one taxonomy per criteria set that results
name (its ``guid`` the set's CASE CFDocument identifier) listing the nodes
named, in reference order, each with its canonical reference as ``id`` and
its CASE CFItem identifier as ``guid`` (docs/case.md); ``tool.driver.
supportedTaxonomies`` points at them.

Artifact URIs are relative to the working directory when the file is inside
it (the one input besides the reports, and the reason output from different
folders may differ), otherwise absolute ``file:`` URIs. Nothing else varies:
no timestamps, no machine names.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from criteria_checker import __version__
from criteria_checker.case.ids import document_id, node_id
from criteria_checker.refs import is_canonical, parse
from criteria_checker.reporters.base import sorted_findings, utf8_safe

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report, RuleInfo

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "criteriaChecker/v1"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


class SarifReporter:
    name = "sarif"
    extension = ".sarif"

    def __init__(self, base_dir: Path | None = None) -> None:
        #: Folder that artifact URIs are relative to; the working directory when None.
        self.base_dir = base_dir

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """One SARIF log with a single run; ``color`` is ignored."""
        base = self.base_dir if self.base_dir is not None else Path.cwd()
        text = json.dumps(sarif_log(reports, base_dir=base), indent=2, ensure_ascii=False)
        return utf8_safe(text) + "\n"


def sarif_log(reports: Sequence[Report], *, base_dir: Path) -> dict[str, Any]:
    """The SARIF log as Python data, with URIs relative to ``base_dir`` where possible."""
    rules = _rules(reports)
    rule_index = {rule["id"]: n for n, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}

    def artifact(file: str, source_format: str | None) -> int:
        if file not in artifact_index:
            artifact_index[file] = len(artifacts)
            entry: dict[str, Any] = {"location": _artifact_location(file, base_dir)}
            if source_format is not None:
                entry["mimeType"] = _MIME[source_format]
            artifacts.append(entry)
        return artifact_index[file]

    taxonomies = _Taxonomies(reports)
    results = []
    for report in reports:
        artifact(report.spec.file, report.spec.format)
        for finding in sorted_findings(report.findings):
            index = artifact(finding.location.file, None)
            result = _result(finding, rule_index[finding.rule_id], index, base_dir)
            taxon = taxonomies.reference(report, finding.ref)
            if taxon is not None:
                result["taxa"] = [taxon]
            results.append(result)

    tool_version = reports[0].tool_version if reports else __version__
    driver: dict[str, Any] = {
        "name": "criteria-checker",
        "version": tool_version,
        "semanticVersion": tool_version,
        "rules": rules,
    }
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if taxonomies.components:
        driver["supportedTaxonomies"] = taxonomies.supported()
        run["taxonomies"] = taxonomies.components
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            **run,
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "reports": [
                    {
                        "file": report.spec.file,
                        "verdict": "conformant" if report.passed else "not conformant",
                        "failOn": report.fail_on,
                        "criteria": report.criteria.id,
                        "criteriaVersion": report.criteria.version,
                    }
                    for report in reports
                ],
            },
        }],
    }


class _Taxonomies:
    """One taxonomy per criteria set that findings name, with a taxon per node named."""

    def __init__(self, reports: Sequence[Report]) -> None:
        named: dict[str, tuple[Report, set[str]]] = {}
        for report in reports:
            refs = {f.ref for f in report.findings if f.ref and is_canonical(f.ref)}
            if refs:
                named.setdefault(report.criteria.id, (report, set()))[1].update(refs)
        self.components: list[dict[str, Any]] = []
        #: (criteria id, ref) -> (taxonomy index, taxon index)
        self.where: dict[tuple[str, str], tuple[int, int]] = {}
        for criteria_id in sorted(named):
            report, refs = named[criteria_id]
            ordered = sorted(refs, key=_ref_order)
            for taxon_index, ref in enumerate(ordered):
                self.where[(criteria_id, ref)] = (len(self.components), taxon_index)
            self.components.append({
                "name": criteria_id,
                "guid": document_id(criteria_id),
                "fullName": report.criteria.title,
                "version": report.criteria.version,
                "shortDescription": {
                    "text": "The criteria nodes these results name; each guid is the node's "
                            "CASE CFItem identifier.",
                },
                "isComprehensive": False,
                "taxa": [{"id": ref, "guid": node_id(criteria_id, ref)} for ref in ordered],
            })

    def supported(self) -> list[dict[str, Any]]:
        return [{"name": c["name"], "index": n, "guid": c["guid"]}
                for n, c in enumerate(self.components)]

    def reference(self, report: Report, ref: str | None) -> dict[str, Any] | None:
        """The result's reference to the taxon of ``ref``, or None when it names no node."""
        if ref is None or (report.criteria.id, ref) not in self.where:
            return None
        component, taxon = self.where[(report.criteria.id, ref)]
        criteria_id = report.criteria.id
        return {
            "id": ref,
            "index": taxon,
            "guid": node_id(criteria_id, ref),
            "toolComponent": {"name": criteria_id, "index": component,
                              "guid": document_id(criteria_id)},
        }


def _ref_order(ref: str) -> tuple[str, str, str, int]:
    """Criteria order: a node before the nodes under it, items by number."""
    parsed = parse(ref)
    return (parsed.topic, parsed.subtopic or "", parsed.outcome or "", parsed.item or 0)


_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xml": "application/xml",
}


def _rules(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Every rule the reports describe, in id order, plus bare entries for unknown rule ids."""
    described: dict[str, RuleInfo] = {}
    used: set[str] = set()
    for report in reports:
        for rule in report.rules:
            described.setdefault(rule.id, rule)
        used.update(f.rule_id for f in report.findings)
    descriptors = [_descriptor(described[rule_id]) for rule_id in sorted(described)]
    # A finding must point at a rule; one the reports do not describe gets a bare entry.
    descriptors += [{"id": rule_id} for rule_id in sorted(used - described.keys())]
    return descriptors


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.name},
        "fullDescription": {"text": rule.citation or rule.help or rule.name},
    }
    if rule.help:
        help_text = rule.help + (f"\n\nSource: {rule.citation}" if rule.citation else "")
        descriptor["help"] = {"text": help_text}
    descriptor["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
    descriptor["properties"] = {"citation": rule.citation}
    return descriptor


def _result(finding: Finding, rule_index: int, artifact_index: int,
            base_dir: Path) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {
        "artifactLocation": {**_artifact_location(loc.file, base_dir), "index": artifact_index},
    }
    if loc.line is not None:
        physical["region"] = {"startLine": loc.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc.locator or loc.path:
        logical: dict[str, Any] = {"name": loc.locator or loc.path}
        if loc.path:
            logical["fullyQualifiedName"] = loc.path
        logical["kind"] = "element"
        location["logicalLocations"] = [logical]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
    }
    if finding.ref:
        result["properties"] = {"criteriaRef": finding.ref}
    return result


def fingerprint(finding: Finding) -> str:
    """A stable identity for a finding across runs (see the module docstring)."""
    loc = finding.location
    parts = [
        finding.rule_id,
        PurePath(loc.file.replace("\\", "/")).name,
        finding.ref or "",
        loc.path or "",
        loc.locator or "",
        finding.message,
    ]
    # A JSON list keeps ("a", "bc") apart from ("ab", "c") whatever the parts contain,
    # and its ASCII escapes make any text hashable.
    return hashlib.sha256(json.dumps(parts).encode("ascii")).hexdigest()


def _artifact_location(file: str, base_dir: Path) -> dict[str, Any]:
    """A relative URI under ``%SRCROOT%`` when the file is inside ``base_dir``, else absolute.

    Paths are normalised as text (no file system look-ups), so a report of a
    file that has since moved renders the same.
    """
    absolute = PurePath(os.path.normpath(base_dir / file))
    try:
        relative = absolute.relative_to(os.path.normpath(base_dir))
    except ValueError:
        return {"uri": "file://" + _quote(Path(absolute).as_posix())}
    return {"uri": _quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _quote(path: str) -> str:
    """Percent-encode a path; a name Python could not decode keeps its original bytes."""
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(utf8_safe(path), safe="/")


REPORTER = SarifReporter()
