"""The bridge to the rules-of-combination prose reader and writer.

The prose itself is interpreted by :mod:`criteria_checker.readers.combination.prose`;
this module is the one place the DOCX reader and writer call it, so that
either keeps working (reporting every sentence as unread, or writing the
sentences the model kept) in an installation that lacks it.
"""

from __future__ import annotations

from collections.abc import Sequence

from criteria_checker.model.spec import (
    Group,
    RulesOfCombination,
    SourceLocation,
    Unit,
    UnreadStatement,
)

_PROSE_MODULE = "criteria_checker.readers.combination.prose"
_NO_PROSE_READER = "the rules-of-combination prose reader is not installed"


def read_combination(sentences: Sequence[tuple[str, SourceLocation | None]],
                     groups: Sequence[Group], units: Sequence[Unit]) -> RulesOfCombination:
    """The rules of combination stated by these sentences."""
    try:
        from criteria_checker.readers.combination.prose import parse_combination
    except ModuleNotFoundError as exc:
        if exc.name != _PROSE_MODULE:
            raise
        return RulesOfCombination(unread=[
            UnreadStatement(text=text, reason=_NO_PROSE_READER, location=location)
            for text, location in sentences
        ])
    return parse_combination(sentences, groups, units)


def combination_sentences(combination: RulesOfCombination, groups: Sequence[Group]) -> list[str]:
    """Sentences stating ``combination``, for the DOCX writer."""
    try:
        from criteria_checker.readers.combination.prose import describe_combination
    except ModuleNotFoundError as exc:
        if exc.name != _PROSE_MODULE:
            raise
        texts = [rule.text for rule in combination.rules if rule.text]
        texts += [rule.text for p in combination.pathways for rule in p.rules if rule.text]
        texts += [barred.text for barred in combination.barred if barred.text]
        texts += [statement.text for statement in combination.unread]
        return list(dict.fromkeys(texts))
    return describe_combination(combination, groups)
