"""The shapes of the API's JSON answers, for the OpenAPI description and its clients."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class FileProblemOut(BaseModel):
    file: str
    #: ``FILE: problem``, as the command line prints it.
    message: str


class ErrorOut(BaseModel):
    """Every refusal: one sentence, and for unreadable files one line per file."""

    detail: str
    errors: list[FileProblemOut] = []


class CriteriaSetOut(BaseModel):
    id: str
    title: str
    version: str
    publisher: str
    date: str
    default: bool


class SubTopicOut(BaseModel):
    ref: str
    title: str
    requirement_type: str
    outcomes: int
    items: int


class TopicOut(BaseModel):
    ref: str
    title: str
    subtopics: list[SubTopicOut]


class CriteriaCounts(BaseModel):
    topics: int
    subtopics: int
    outcomes: int
    items: int


class CriteriaListOut(BaseModel):
    """One criteria set's topics and sub-topics, and the sets the server carries."""

    criteria: CriteriaSetOut
    counts: CriteriaCounts
    topics: list[TopicOut]
    available: list[CriteriaSetOut]


class CriteriaNodeOut(BaseModel):
    """A topic, sub-topic, outcome or item: its wording, its place, its whole text."""

    criteria: str
    ref: str
    level: Literal["topic", "subtopic", "outcome", "item"]
    parent: str | None
    children: list[str]
    text: str
    #: The node as ``criteria show`` prints it, with its guidance notes.
    rendered: str
    #: The node's data as in the criteria file (docs/criteria-format.md).
    content: dict[str, Any]


class RuleOut(BaseModel):
    id: str
    name: str
    severity: Literal["error", "warning", "info"]
    check: str
    params: dict[str, Any]
    requirement: str | None
    citation: str
    message: str
    help: str


class RulesOut(BaseModel):
    rules: list[RuleOut]


class SettingOut(BaseModel):
    """One setting web checks use, and where it comes from."""

    #: The value as plain data; files by name, or relative to the configuration's folder.
    value: Any
    source: Literal["default", "config"]
    #: The line of the configuration file that sets it (source ``config``).
    line: int | None = None
    #: The per-path glob that set it for the file asked about, if one did.
    per_path: str | None = None


class PerPathOut(BaseModel):
    """A per-path override of the configuration: its glob and what it sets."""

    glob: str
    line: int | None
    settings: dict[str, Any]
    #: False for a glob naming folders: an upload has only a file name, so it matches none.
    matches_uploads: bool


class ConfigOut(BaseModel):
    """The settings web checks start from; what a request states wins over them."""

    #: The configuration file's name (pyproject.toml or .criteria-checker.toml), or None.
    config: str | None
    #: The upload name asked about (per-path overrides applied), or None.
    file: str | None
    settings: dict[str, SettingOut]
    per_path: list[PerPathOut]
    #: Keys the configuration sets that web checks do not use (format, jobs).
    unused: list[str]
