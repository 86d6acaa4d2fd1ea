"""Run rules over one specification and build its Report.

Checks yield raw findings; this module alone turns them into Findings
(rendering the rule's message, applying the user's severity overrides),
sorts and de-duplicates them, decides the verdict and adds the hours
breakdown and coverage matrix. It never reads a file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

from criteria_checker import __version__
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.options import CheckOptions
from criteria_checker.engine.registry import RawFinding
from criteria_checker.engine.rules import Rule, RuleSet
from criteria_checker.engine.templates import render
from criteria_checker.errors import CriteriaCheckerError, InputError
from criteria_checker.model.criteria import Band as CriteriaBand
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.report import (
    SEVERITY_RANK,
    Band,
    CriteriaIdentity,
    Finding,
    HoursBreakdown,
    Report,
    Severity,
    SpecIdentity,
)
from criteria_checker.model.spec import QualificationSpec


def plan_rules(rules: RuleSet, options: CheckOptions) -> list[tuple[Rule, Severity]]:
    """The rules to run, in id order, each with its effective severity.

    ``--select`` narrows the rules, ``--ignore`` removes some, ``--severity``
    changes a level; an unknown rule in any of them is a UsageError.
    """
    chosen = rules.lookup(options.select, option="--select") if options.select else list(rules)
    ignored = {rule.id for rule in rules.lookup(options.ignore, option="--ignore")}
    levels: dict[str, Severity] = {}
    for name, level in options.severity:
        levels[rules.lookup([name], option="--severity")[0].id] = level
    return [(rule, levels.get(rule.id, rule.severity))
            for rule in sorted(chosen, key=lambda r: r.id) if rule.id not in ignored]


def run_rules(
    spec: QualificationSpec,
    criteria: CriteriaSet,
    rules: RuleSet,
    options: CheckOptions,
) -> Report:
    """Check ``spec`` against ``criteria`` with ``rules``; the complete Report."""
    # The rules make many short-lived objects, so the cyclic collector runs
    # often, and each of its full passes walks every object alive: the
    # specification's hundreds per unit among them. Time per unit then grew
    # with the file's size (the rules on 3,000 units cost half as much again
    # per unit as on 1,000). Paused, it grows no more; what the rules leave
    # in cycles is collected once it runs again.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _run_rules(spec, criteria, rules, options)
    finally:
        if paused:
            gc.enable()


def _run_rules(spec: QualificationSpec, criteria: CriteriaSet, rules: RuleSet,
               options: CheckOptions) -> Report:
    plan = plan_rules(rules, options)
    context = CheckContext(spec=spec, criteria=criteria, shared_title=options.shared_title)
    unique: dict[tuple[object, ...], Finding] = {}
    for rule, severity in plan:
        for raw in _raw_findings(rule, context):
            finding = Finding(
                rule_id=rule.id, severity=severity, message=render(rule.message, raw.values),
                location=context.where(raw.location), ref=raw.ref, help=rule.help)
            unique.setdefault(finding.sort_key(), finding)
    # The keys are the findings' sort keys, distinct by construction: sorting them sorts
    # the findings without computing each key again.
    findings = [unique[key] for key in sorted(unique)]
    threshold = SEVERITY_RANK[options.fail_on]
    return Report(
        tool_version=__version__,
        spec=SpecIdentity(file=spec.file, format=spec.format,
                          awarding_organisation=spec.awarding_organisation, title=spec.title,
                          qualification_number=spec.qualification_number),
        criteria=CriteriaIdentity(id=criteria.id, title=criteria.provenance.title,
                                  version=criteria.provenance.version),
        fail_on=options.fail_on,
        passed=not any(SEVERITY_RANK[f.severity] >= threshold for f in findings),
        findings=findings,
        rules=[rule.info(severity) for rule, severity in plan],
        hours=hours_breakdown(context),
        coverage=context.coverage.matrix(),
    )


def hours_breakdown(context: CheckContext) -> HoursBreakdown:
    """Hours as stated (TQT, GLH) and as the rules of combination give them, with the bands."""
    analysis = context.combination
    bands = context.criteria.hours
    return HoursBreakdown(
        tqt=context.spec.tqt, glh=context.spec.glh, mandatory=analysis.mandatory_hours,
        optional_min=analysis.optional_min_hours, optional_max=analysis.optional_max_hours,
        tqt_band=_band(bands.tqt), mandatory_band=_band(bands.minimum_content),
        optional_band=_band(bands.optional_content))


def _band(band: CriteriaBand) -> Band:
    return Band(min=band.min, max=band.max)


def _raw_findings(rule: Rule, context: CheckContext) -> Iterator[RawFinding]:
    try:
        for raw in rule.check.run(context, rule.params):
            missing = rule.check.fields - raw.values.keys()
            if missing:
                raise RuntimeError(f"check {rule.check.name} gave no value for "
                                   f"{', '.join(sorted(missing))}")
            yield raw
    except CriteriaCheckerError:
        raise
    except Exception as exc:
        # A check that breaks on odd input must cost this file, not a traceback.
        raise InputError(context.spec.file, f"rule {rule.id} ({rule.check.name}) could not be "
                                            f"applied: {type(exc).__name__}: {exc}") from exc
