"""How rules-of-combination prose names groups and units, both ways.

A group is named by its label ("Group A", "Optional Group 01", "Groups 01-04"),
by its kind ("the mandatory units", "the optional groups") or by its name as
the unit list prints it ("the Residential services group"). A unit is named
by its unit reference number (H/650/2114), its number ("Unit 301") or its
title in quotes. Resolution either gives the ids or keys, in the order of the
unit list, or says in a sentence why it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import Group, GroupKind, Unit

#: A group label as written after "Group": a letter, a number, or a letter and number.
LABEL = r"(?:[A-Z]\d{0,2}|\d{1,3})"
_LABEL_NAME = regex(
    rf"^(?:the\s+)?(?:(?:mandatory|optional)\s+)?(?:unit\s+)?group\s+(?P<label>{LABEL})"
    r"(?:$|\s*[:\-(]\s*(?P<rest>.*?)\)?$)",
    re.IGNORECASE,
)
_KIND_ONLY_NAME = regex(
    r"^(?:the\s+)?(?:mandatory|optional)(?:\s+(?:units?|groups?|unit\s+groups?|content))?$",
    re.IGNORECASE,
)
_URN = regex(r"^[A-Z]/\d{3}/\d{4}$")


def label_key(label: str) -> str:
    """Labels compare with case and leading zeros ignored: "01" names group "1"."""
    label = label.strip().upper()
    return str(int(label)) if label.isdigit() else label


def group_label(group: Group) -> str | None:
    """The label a document uses for the group: from its name, else a label-like id."""
    match = _LABEL_NAME.match(group.name.strip())
    if match:
        return match.group("label")
    if regex(LABEL, re.IGNORECASE).fullmatch(group.id.strip()):
        return group.id.strip()
    return None


def _descriptive_names(group: Group) -> list[str]:
    """Names that refer to this group alone: the full name and its descriptive part."""
    name = group.name.strip()
    if len(name) < 3 or _KIND_ONLY_NAME.match(name):
        return []
    names = []
    match = _LABEL_NAME.match(name)
    if match is None:
        names.append(name)
    else:
        if match.group("rest"):
            names.append(name)
            rest = match.group("rest").strip()
            if len(rest) >= 3 and not _KIND_ONLY_NAME.match(rest):
                names.append(rest)
    return names


def _kind_word(kind: GroupKind) -> str:
    return "Mandatory" if kind == "mandatory" else "Optional"


@dataclass(frozen=True)
class Resolved:
    """Group ids (unit-list order) or unit keys, or the reason they cannot be found."""

    ids: tuple[str, ...] = ()
    error: str | None = None


class GroupIndex:
    """The groups of the unit list, searchable by label, kind and name."""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = tuple(groups)
        self._order = {g.id: i for i, g in reversed(list(enumerate(self.groups)))}
        self._labels = [(g, group_label(g)) for g in self.groups]
        names: dict[str, list[Group]] = {}
        for group in self.groups:
            for name in _descriptive_names(group):
                names.setdefault(_fold(name), []).append(group)
        #: Descriptive names that name exactly one group, longest first.
        self.names = sorted(
            ((name, found[0]) for name, found in names.items() if len(found) == 1),
            key=lambda item: (-len(item[0]), item[0]),
        )
        #: Patterns finding those names in a sentence ("the Dementia care group").
        self.name_patterns = [
            (regex(r"(?<!\w)(?:the\s+)?" + r"\s+".join(re.escape(w) for w in name.split())
                        + r"(?:\s+(?:group|units|unit\s+group))?(?!\w)", re.IGNORECASE), group)
            for name, group in self.names
        ]

    def ordered(self, ids: Sequence[str]) -> tuple[str, ...]:
        """Ids without repeats, in unit-list order."""
        return tuple(sorted(set(ids), key=lambda i: self._order.get(i, len(self._order))))

    def of_kind(self, kind: GroupKind) -> tuple[str, ...]:
        return self.ordered([g.id for g in self.groups if g.kind == kind])

    def by_kind(self, kinds: Sequence[GroupKind], written: str, singular: bool) -> Resolved:
        """The groups of the kinds named ("the optional units"), all of them."""
        ids: list[str] = []
        for kind in kinds:
            found = self.of_kind(kind)
            if not found:
                return Resolved(error=f"names {kind} units, but the unit list has no "
                                f"{kind} group: '{written}'")
            if singular and len(kinds) == 1 and len(found) > 1:
                return Resolved(error=f"names '{written}', but the unit list has "
                                f"{len(found)} {kind} groups")
            ids.extend(found)
        return Resolved(self.ordered(ids))

    def by_labels(self, labels: Sequence[str], kind: GroupKind | None,
                  kind_written: str | None) -> Resolved:
        """The groups with these labels; a kind word ("Optional Group 01") must agree."""
        ids: list[str] = []
        for label in labels:
            written = f"{kind_written + ' ' if kind_written else ''}Group {label}"
            found = [g for g, own in self._labels if own is not None
                     and label_key(own) == label_key(label)]
            if kind is not None and found:
                of_kind = [g for g in found if g.kind == kind]
                if not of_kind:
                    return Resolved(error=f"names '{written}', but that group is "
                                    f"{found[0].kind} in the unit list")
                found = of_kind
            if not found:
                return Resolved(error=f"names a group not in the unit list: '{written}'")
            if len(found) > 1:
                return Resolved(error=f"names '{written}', which matches {len(found)} groups "
                                "in the unit list")
            ids.append(found[0].id)
        return Resolved(self.ordered(ids))

    # -- writing --------------------------------------------------------------

    def phrase(self, ids: Sequence[str]) -> str:
        """Words that name exactly these groups and read back to them ("Groups A and B")."""
        wanted = self.ordered(ids)
        phrases: list[str] = []
        rest = list(wanted)
        kinds: tuple[GroupKind, ...] = ("mandatory", "optional")
        for kind in kinds:
            every = self.of_kind(kind)
            if every and set(every) <= set(rest):
                phrases.append(f"the {kind} units")
                rest = [i for i in rest if i not in every]
        singles = [self._single_phrase(i) for i in rest]
        return join_list(phrases + _compress_groups(singles))

    def _single_phrase(self, group_id: str) -> str:
        group = next((g for g in self.groups if g.id == group_id), None)
        if group is None:
            return f"Group {group_id}"
        label = group_label(group)
        if label is not None:
            same = [g for g, own in self._labels if own is not None
                    and label_key(own) == label_key(label)]
            if len(same) == 1:
                return f"Group {label}"
            if sum(1 for g in same if g.kind == group.kind) == 1:
                return f"{_kind_word(group.kind)} Group {label}"
        for name, named in self.names:
            if named.id == group_id and _fold(name) == _fold(group.name):
                return _name_phrase(group.name)
        for name, named in self.names:
            if named.id == group_id:
                return _name_phrase(name)
        return f"Group {group_id}"


def _name_phrase(name: str) -> str:
    name = name.strip()
    if regex(r"\b(?:group|units)$", re.IGNORECASE).search(name):
        return f"the {name}"
    return f"the {name} group"


def _compress_groups(phrases: list[str]) -> list[str]:
    """"Group A", "Group B" -> "Groups A and B" (same prefix, consecutive)."""
    out: list[str] = []
    run_prefix: str | None = None
    run: list[str] = []

    def flush() -> None:
        if run_prefix is not None:
            if len(run) == 1:
                out.append(f"{run_prefix}Group {run[0]}")
            else:
                out.append(f"{run_prefix}Groups {join_list(run)}")

    for phrase in phrases:
        match = regex(rf"((?:Mandatory |Optional )?)Group ({LABEL})").fullmatch(phrase)
        if match and match.group(1) == run_prefix:
            run.append(match.group(2))
            continue
        flush()
        if match:
            run_prefix, run = match.group(1), [match.group(2)]
        else:
            run_prefix, run = None, []
            out.append(phrase)
    flush()
    return out


def join_list(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _fold(text: str) -> str:
    return regex(r"\s+").sub(" ", text).strip().casefold()


class UnitIndex:
    """The units of the unit list, searchable by reference, number and title."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = tuple(units)
        self._references = [(_urn(u.reference) if u.reference else None, u) for u in self.units]
        self._numbers = [(_number(u.number) if u.number else None, u) for u in self.units]
        self._titles = [(_fold(u.title), u) for u in self.units]

    def by_reference(self, urn: str) -> Resolved:
        wanted = _urn(urn)
        return self._one([u for own, u in self._references if own == wanted], urn)

    def by_number(self, number: str) -> Resolved:
        wanted = _number(number)
        return self._one([u for own, u in self._numbers if own == wanted], f"Unit {number}")

    def by_title(self, title: str) -> Resolved:
        wanted = _fold(title)
        return self._one([u for own, u in self._titles if own == wanted], f'"{title}"')

    def title_known(self, title: str) -> bool:
        wanted = _fold(title)
        return any(own == wanted for own, _ in self._titles)

    @staticmethod
    def _one(found: list[Unit], written: str) -> Resolved:
        if not found:
            return Resolved(error=f"names a unit not in the unit list: '{written}'")
        keys = {u.key for u in found}
        if len(keys) > 1:
            return Resolved(error=f"names '{written}', which matches {len(keys)} units "
                            "in the unit list")
        return Resolved((found[0].key,))


def unit_phrase(key: str) -> str:
    """How a unit key is written so that it reads back: URNs and "Unit N" as they are."""
    if _URN.match(key) or regex(r"Unit \S+").fullmatch(key):
        return key
    return f'"{key}"'


def _urn(text: str) -> str:
    return regex(r"\s+").sub("", text).upper()


def _number(text: str) -> str:
    text = regex(r"^\s*unit\s*", re.IGNORECASE).sub("", text)
    text = regex(r"\s+").sub("", text).upper()
    return str(int(text)) if text.isdigit() else text
