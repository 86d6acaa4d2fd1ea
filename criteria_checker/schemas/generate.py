"""JSON Schemas of the criteria and rules file formats, generated from the models.

The schemas let an editor complete and check a criteria or rules file as it
is typed (the bundled files name theirs on their first line, for
yaml-language-server). They are made by pydantic from the same validation
mirrors that load the files (:mod:`criteria_checker.model.validation`), then made stable and
readable: property titles that only repeat the key are dropped, descriptions
come from the models' docstrings and ``#:`` field comments, defaults from the
dataclasses, and keys are written sorted. The rules schema is derived from
the check registry: ``check`` is one of the registered checks and ``params``
is validated against that check's parameters.

A schema says less than the linters: cross-field checks (numbering, links,
hour bands, unique ids, message templates) stay with ``criteria lint`` and
``rules lint``. The generated files are shipped in ``criteria_checker/schemas``
and a test keeps them equal to what this module makes. Imports pydantic:
reached only from the ``schema`` commands and tests, never from a check.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import re
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from criteria_checker.model import validation
from criteria_checker.model.constraints import Compiles

if TYPE_CHECKING:
    from criteria_checker.engine.registry import Check

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: File names, in the package's ``schemas`` folder, of the schemas this module makes.
SCHEMA_FILES = {"criteria": "criteria.schema.json", "rules": "rules.schema.json"}
CRITERIA_SCHEMA_ID = "urn:criteria-checker:criteria:1"
RULES_SCHEMA_ID = "urn:criteria-checker:rules"

#: Files are validated strictly (see criteria.lint and engine.rules); so is the schema made.
#: The mirrors are :mod:`criteria_checker.model.validation`'s own (``_mirror``), so that
#: the schema describes exactly what loading accepts.
_STRICT = True


def criteria_schema() -> dict[str, Any]:
    """The JSON Schema of a criteria file (format 1, docs/criteria-format.md)."""
    from criteria_checker.model.criteria import CriteriaSet

    mirror = validation._mirror(CriteriaSet, _STRICT)
    schema = mirror.model_json_schema(schema_generator=_generator(CriteriaSet))
    return _document(schema, CRITERIA_SCHEMA_ID,
                     title="criteria-checker criteria file, format 1",
                     description=(
                         "A criteria set as data: docs/criteria-format.md. "
                         "`criteria-checker criteria lint` checks what a schema cannot: "
                         "codes, numbering, links between terms and guidance notes, "
                         "hour bands."))


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rules file (docs/rules.md), for the checks now registered."""
    from criteria_checker.engine.registry import registered_checks
    from criteria_checker.engine.rules import RuleData

    checks = registered_checks()
    params = sorted({c.params for c in checks.values()}, key=lambda cls: cls.__name__)
    roots: list[type] = [RuleData, *params]
    mirrors = [validation._mirror(cls, _STRICT) for cls in roots]
    refs, schema = models_json_schema([(m, "validation") for m in mirrors],
                                      schema_generator=_generator(*roots))
    ref_of = {cls: refs[(m, "validation")]["$ref"] for cls, m in zip(roots, mirrors, strict=True)}
    rule = schema["$defs"][_def_name(ref_of[RuleData])]
    _bind_checks(rule, checks, ref_of)
    schema.update(type="array", items={"$ref": ref_of[RuleData]})
    return _document(schema, RULES_SCHEMA_ID, title="criteria-checker rules file",
                     description=(
                         "A list of rules: docs/rules.md. `criteria-checker rules lint` "
                         "checks what a schema cannot: ids and names unique across files, "
                         "message templates using only the fields their check provides."))


def render(schema: Mapping[str, Any]) -> str:
    """``schema`` as the shipped file holds it: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_text(kind: str) -> str:
    """The schema of ``kind`` (a key of :data:`SCHEMA_FILES`) as file text."""
    made = {"criteria": criteria_schema, "rules": rules_schema}[kind]()
    return render(made)


# -- making -------------------------------------------------------------------


def _document(schema: dict[str, Any], schema_id: str, *, title: str,
              description: str) -> dict[str, Any]:
    schema.update({"$schema": DIALECT, "$id": schema_id, "title": title,
                   "description": description})
    return schema


def _def_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _bind_checks(rule: dict[str, Any], checks: Mapping[str, Check],
                 ref_of: Mapping[type, str]) -> None:
    """``check`` one of the registered checks; ``params`` validated by that check's."""
    properties = rule["properties"]
    properties["check"]["enum"] = list(checks)
    properties["check"].setdefault(
        "description", "A registered check: `criteria-checker rules checks` lists them.")
    branches = []
    for name, check in checks.items():
        then: dict[str, Any] = {"properties": {
            "params": {"$ref": ref_of[check.params],
                       **({"description": check.summary} if check.summary else {})},
            "message": {"description": _fields_text(check)},
        }}
        if _required_fields(check.params):
            then["required"] = ["params"]
        branches.append({"if": {"properties": {"check": {"const": name}},
                                "required": ["check"]},
                         "then": then})
    rule["allOf"] = branches


def _fields_text(check: Check) -> str:
    if not check.fields:
        return f"Check {check.name} provides no fields to the message template."
    names = ", ".join("{" + name + "}" for name in sorted(check.fields))
    return f"Fields check {check.name} provides to the message template: {names}."


def _required_fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init
            and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def _generator(*roots: type) -> type[GenerateJsonSchema]:
    """pydantic's schema generator, told which dataclass each mirror stands for."""
    origins = {validation._mirror(cls, _STRICT): cls for cls in _dataclasses_below(roots)}

    class _Generator(GenerateJsonSchema):
        def field_title_should_be_set(self, schema: Any) -> bool:
            return False  # a title would only repeat the key ("Working Title")

        def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
            if schema.get("default") is validation._UNSET:
                # The mirror's stand-in for the dataclass's default: added in model_schema.
                return self.generate_inner(schema["schema"])
            return super().default_schema(schema)

        def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
            json_schema = super().model_schema(schema)
            origin = origins.get(schema["cls"])
            if origin is not None:
                _describe(json_schema, origin)
            return json_schema

    return _Generator


def _dataclasses_below(roots: tuple[type, ...]) -> list[type]:
    """The dataclasses ``roots`` are made of, the roots included, each once."""
    seen: dict[type, None] = {}
    pending = list(roots)
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen[cls] = None
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.init:
                pending.extend(_dataclasses_in(hints[f.name]))
    return list(seen)


def _dataclasses_in(annotation: Any) -> list[type]:
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return [annotation]
    return [found for arg in typing.get_args(annotation) for found in _dataclasses_in(arg)]


def _describe(json_schema: JsonSchemaValue, cls: type) -> None:
    """Add ``cls``'s docstring, field comments, defaults and regex formats to its schema."""
    doc = _docstring(cls)
    if doc:
        json_schema["description"] = doc
    properties = json_schema.get("properties", {})
    comments = _field_comments(cls)
    hints = typing.get_type_hints(cls, include_extras=True)
    for f in dataclasses.fields(cls):
        prop = properties.get(f.name)
        if prop is None:
            continue
        if f.name in comments:
            prop["description"] = comments[f.name]
        if f.default is not dataclasses.MISSING:
            prop["default"] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            prop["default"] = f.default_factory()
        if any(isinstance(m, Compiles) for m in getattr(hints[f.name], "__metadata__", ())):
            prop["format"] = "regex"


def _docstring(cls: type) -> str:
    doc = cls.__dict__.get("__doc__") or ""
    if doc.startswith(f"{cls.__name__}("):
        return ""  # the signature dataclasses write for a class without a docstring
    return inspect.cleandoc(doc)


_FIELD = re.compile(r"^(?P<indent>\s+)(?P<name>[A-Za-z_]\w*)\s*:")
_COMMENT = re.compile(r"^\s+#:\s?(?P<text>.*)$")


@functools.cache
def _field_comments(cls: type) -> dict[str, str]:
    """The ``#:`` comments written above ``cls``'s fields, by field name."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    comments: dict[str, str] = {}
    pending: list[str] = []
    for line in source.splitlines()[1:]:
        comment = _COMMENT.match(line)
        if comment:
            pending.append(comment["text"].strip())
            continue
        field_line = _FIELD.match(line)
        if field_line and pending:
            comments[field_line["name"]] = " ".join(pending)
        pending = []
    return comments

