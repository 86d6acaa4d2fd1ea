"""Rules as data: load and validate rules/*.yaml against the check registry.

Every problem is reported as ``FILE:LINE: message``: an unknown key, check or
parameter, a parameter of the wrong type, a broken message template or one
that names a value its check does not provide, an id or name used twice (in
one file or across files). :func:`lint_rules` lists them all;
:func:`load_rules` refuses a rules folder with any, raising the first as an
:class:`InputError`. Format: docs/rules.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from criteria_checker import compiled_cache
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.registry import Check, Params, registered_checks
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model.constraints import MinLen, Pattern
from criteria_checker.model.data import from_trusted, to_data
from criteria_checker.model.report import RuleInfo, Severity
from criteria_checker.text_files import read_text

if TYPE_CHECKING:
    from criteria_checker.yaml_source import YamlDocument

RULE_ID_PATTERN = r"^[A-Z]{3}[0-9]{3}$"
RULE_NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
REQUIREMENT_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"


@dataclass(frozen=True, kw_only=True, slots=True)
class RuleData:
    """One rule as written in a rules file."""

    id: Annotated[str, Pattern(RULE_ID_PATTERN)]
    name: Annotated[str, Pattern(RULE_NAME_PATTERN)]
    severity: Severity
    check: str
    params: dict[str, Any] = field(default_factory=dict)
    requirement: Annotated[str | None, Pattern(REQUIREMENT_PATTERN)] = None
    citation: Annotated[str, MinLen(1)]
    message: Annotated[str, MinLen(1)]
    help: Annotated[str, MinLen(1)]


_KEYS = ", ".join(sorted(f.name for f in dataclasses.fields(RuleData)))
#: The code that decides whether a rules file is valid (see compiled_cache).
_VALIDATING_CODE = ("engine/rules.py", "engine/registry.py", "engine/templates.py",
                    "model/constraints.py", "model/validation.py", "yaml_source.py")


@dataclass(frozen=True)
class Rule:
    """A validated rule, bound to its check and its parsed parameters."""

    id: str
    name: str
    severity: Severity
    check: Check
    params: Params
    requirement: str | None
    citation: str
    message: str
    help: str
    #: ``FILE:LINE`` of the rule's first line.
    source: str

    def info(self, severity: Severity | None = None) -> RuleInfo:
        """What a report says about the rule, with its effective severity."""
        return RuleInfo(id=self.id, name=self.name, severity=severity or self.severity,
                        citation=self.citation, help=self.help)


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rules file, printed as ``FILE:LINE: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class RuleSet:
    """The rules in force, in id order."""

    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, id_or_name: str) -> Rule | None:
        """The rule with this id (any case) or name."""
        wanted = id_or_name.strip()
        for rule in self.rules:
            if wanted.upper() == rule.id or wanted.lower() == rule.name:
                return rule
        return None

    def lookup(self, names: Iterable[str], *, option: str) -> list[Rule]:
        """The rules ``names`` designate; UsageError naming ``option`` for one that is unknown."""
        found: list[Rule] = []
        for name in names:
            rule = self.find(name)
            if rule is None:
                raise UsageError(f"{option}: no rule {name.strip()!r}{self._suggest(name)} "
                                 "(run 'criteria-checker rules list')")
            if rule not in found:
                found.append(rule)
        return found

    def _suggest(self, name: str) -> str:
        candidates = [r.id for r in self.rules] + [r.name for r in self.rules]
        import difflib

        close = difflib.get_close_matches(name.strip(), candidates, n=1)
        return f"; did you mean {close[0]!r}?" if close else ""


def rule_files(location: Path) -> list[Path]:
    """The rules files at ``location``: the file itself, or a folder's ``*.yaml`` in name order."""
    if location.is_dir():
        files = sorted(p for p in location.iterdir() if p.suffix in {".yaml", ".yml"})
        if not files:
            raise InputError(location, "holds no rules files (*.yaml)")
        return files
    if not location.exists():
        raise InputError(location, "no such file or folder")
    return [location]


def lint_rules(files: Sequence[Path]) -> list[RuleProblem]:
    """Every problem in the given rules files, taken together (ids must be unique across them)."""
    _, problems = _parse(files)
    return problems


def load_rules(location: Path) -> RuleSet:
    """Load and validate the rules at ``location`` (a folder or one file).

    Raises InputError(``FILE:LINE``, message) for the first problem, and for a
    file that cannot be read or is not YAML.
    """
    files = rule_files(location)
    texts = [(str(path), read_text(path)) for path in files]
    checks = registered_checks()
    key = compiled_cache.entry_key(
        "rules", texts, [Rule, RuleData, *(c.params for c in checks.values())],
        (*_VALIDATING_CODE, *_check_code(checks)))
    cached = _from_cache(compiled_cache.load(key), checks)
    if cached is not None:
        return cached
    rules, problems = _parse(files, dict(texts))
    if problems:
        first = problems[0]
        raise InputError(f"{first.file}:{first.line}", first.message)
    ruleset = RuleSet(tuple(sorted(rules, key=lambda r: r.id)))
    compiled_cache.store(key, [_cached(rule) for rule in ruleset])
    return ruleset


def _check_code(checks: Mapping[str, Check]) -> list[str]:
    """The source files of the checks, relative to the package (their parameters live there)."""
    modules = sorted({c.function.__module__ for c in checks.values()})
    return [module.removeprefix("criteria_checker.").replace(".", "/") + ".py"
            for module in modules]


def _cached(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "name": rule.name, "severity": rule.severity,
            "check": rule.check.name, "params": to_data(rule.params),
            "requirement": rule.requirement, "citation": rule.citation,
            "message": rule.message, "help": rule.help, "source": rule.source}


def _from_cache(data: Any, checks: Mapping[str, Check]) -> RuleSet | None:
    if not isinstance(data, list):
        return None
    rules = []
    try:
        for entry in data:
            check = checks[entry["check"]]
            rules.append(Rule(id=entry["id"], name=entry["name"], severity=entry["severity"],
                              check=check, params=from_trusted(check.params, entry["params"]),
                              requirement=entry["requirement"], citation=entry["citation"],
                              message=entry["message"], help=entry["help"],
                              source=entry["source"]))
    except (KeyError, TypeError, ValueError):
        return None  # not what this version writes: validate again
    return RuleSet(tuple(rules))


def _parse(files: Sequence[Path], texts: Mapping[str, str] | None = None
           ) -> tuple[list[Rule], list[RuleProblem]]:
    from criteria_checker.yaml_source import load_yaml

    checks = registered_checks()
    rules: list[Rule] = []
    problems: list[RuleProblem] = []
    by_id: dict[str, Rule] = {}
    by_name: dict[str, Rule] = {}
    for path in files:
        doc = load_yaml(path, None if texts is None else texts.get(str(path)))
        report = _Problems(doc)
        for key_path, position in doc.duplicate_keys:
            report.at_line(position.line, f"key {key_path[-1]!r} appears twice in one mapping")
        if not isinstance(doc.data, list):
            kind = "empty" if doc.data is None else f"a {_kind(doc.data)}"
            report((), f"a rules file must be a list of rules, not {kind}")
        else:
            for index, entry in enumerate(doc.data):
                rule = _parse_rule(entry, index, doc, checks, report)
                if rule is None:
                    continue
                earlier = by_id.get(rule.id)
                if earlier is not None:
                    report((index, "id"),
                           f"duplicate rule id {rule.id} (first defined at {earlier.source})")
                    continue
                earlier = by_name.get(rule.name)
                if earlier is not None:
                    report((index, "name"), f"rule {rule.id}: name {rule.name!r} is already "
                                            f"used by {earlier.id} ({earlier.source})")
                    continue
                by_id[rule.id] = by_name[rule.name] = rule
                rules.append(rule)
        problems.extend(sorted(report.found, key=lambda p: p.line))
    return rules, problems


class _Problems:
    """Collects the problems of one file, placing each at its line."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.found: list[RuleProblem] = []

    def __call__(self, where: Sequence[str | int], message: str) -> None:
        self.at_line(self.doc.position(where).line, message)

    def at_line(self, line: int, message: str) -> None:
        self.found.append(RuleProblem(str(self.doc.path), line, message))


def _parse_rule(entry: Any, index: int, doc: YamlDocument, checks: Mapping[str, Check],
                report: _Problems) -> Rule | None:
    if not isinstance(entry, dict):
        report((index,), f"rule #{index + 1} must be a mapping with keys {_KEYS}; "
                         f"found a {_kind(entry)}")
        return None
    from pydantic import ValidationError

    from criteria_checker.model.validation import validate

    who = f"rule {entry['id']}" if isinstance(entry.get("id"), str) else f"rule #{index + 1}"
    try:
        data = validate(RuleData, entry, strict=True)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where, message = _rule_key_problem(err)
            report((index, *where), f"{who}: {message}")
        return None
    check = checks.get(data.check)
    if check is None:
        report((index, "check"), f"{who}: unknown check {data.check!r}{_close(data.check, checks)}")
        return None
    params = _parse_params(data, "params" in entry, check, index, report)
    fields_ok = _check_template(data, check, index, report)
    if params is None or not fields_ok:
        return None
    line = doc.position((index,)).line
    return Rule(id=data.id, name=data.name, severity=data.severity, check=check, params=params,
                requirement=data.requirement, citation=data.citation, message=data.message,
                help=data.help, source=f"{doc.path}:{line}")


def _parse_params(data: RuleData, given: bool, check: Check, index: int,
                  report: _Problems) -> Params | None:
    from pydantic import ValidationError

    from criteria_checker.model.validation import field_names, validate

    try:
        return validate(check.params, data.params, strict=True)
    except ValidationError as exc:
        takes = ", ".join(field_names(check.params))
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            name = str(loc[0]) if loc else ""
            if err["type"] == "extra_forbidden":
                allowed = f"it takes: {takes}" if takes else "it takes no parameters"
                message = f"unknown parameter {name!r} for check {check.name} ({allowed})"
                where: tuple[str | int, ...] = ("params", name)
            elif err["type"] == "missing":
                message = f"missing parameter {name!r} for check {check.name}"
                where = ("params",) if given else ("check",)
            else:
                message = f"parameter {_dotted(loc)!r}: {_pydantic_message(err)}"
                where = ("params", *loc)
            report((index, *where), f"rule {data.id}: {message}")
        return None


def _check_template(data: RuleData, check: Check, index: int, report: _Problems) -> bool:
    from criteria_checker.engine.templates import TemplateError, template_fields

    try:
        used = template_fields(data.message)
    except TemplateError as exc:
        report((index, "message"), f"rule {data.id}: {exc}")
        return False
    unknown = [name for name in used if name not in check.fields]
    if unknown:
        provided = ", ".join(sorted(check.fields)) or "nothing"
        names = ", ".join("{" + name + "}" for name in unknown)
        report((index, "message"),
               f"rule {data.id}: message template uses {names}, which check {check.name} "
               f"does not provide (it provides: {provided})")
        return False
    return True


def _rule_key_problem(err: Any) -> tuple[tuple[str | int, ...], str]:
    loc = tuple(err["loc"])
    key = str(loc[0]) if loc else ""
    if err["type"] == "extra_forbidden":
        return loc, f"unknown key {key!r} (a rule has: {_KEYS})"
    if err["type"] == "missing":
        return (), f"missing required key {key!r}"
    return loc, f"{_dotted(loc)}: {_pydantic_message(err)}"


def _pydantic_message(err: Any) -> str:
    value = err.get("input")
    shown = f" (found {value!r})" if isinstance(value, (str, int, float, bool)) else ""
    if err["type"] == "string_pattern_mismatch":
        return f"must match {err['ctx']['pattern']}{shown}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]}{shown}"


def _close(name: str, checks: Mapping[str, Check]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(checks), n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return " (run 'criteria-checker rules checks' for the list)"


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _kind(value: Any) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list", str: "string"}
    return names.get(type(value), type(value).__name__)
