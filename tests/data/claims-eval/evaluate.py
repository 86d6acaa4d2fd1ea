"""Measure the matcher on the claims evaluation set (cases.jsonl).

    .venv/bin/python tests/data/claims-eval/evaluate.py              # held-out figures
    .venv/bin/python tests/data/claims-eval/evaluate.py --split tune
    .venv/bin/python tests/data/claims-eval/evaluate.py --split all --errors 20

Figures:

- suggestions: for every text that covers items, the items ranked by score
  over the whole criteria set; top-1 (top-3) is the share of texts with an
  item they cover first (among the first three). Items with the same
  wording (LMAC5B/LD/B.4 and LMAC5H/CD/C.3) count as the same item;
- mismatch: every claim judged; a wrong claim judged doubtful is a true
  positive, a right one judged doubtful a false alarm. Precision, recall.

tests/test_similarity_eval.py imports :func:`measure` and holds the figures
above floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from criteria_checker.criteria.load import find_criteria, load_criteria  # noqa: E402
from criteria_checker.similarity import index_for  # noqa: E402
from criteria_checker.similarity.index import CriteriaIndex  # noqa: E402
from criteria_checker.similarity.judge import judge  # noqa: E402
from criteria_checker.similarity.text import analyse  # noqa: E402

CASES = HERE / "cases.jsonl"


def load_cases(split: str = "held-out") -> list[dict[str, Any]]:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    return cases if split == "all" else [c for c in cases if c["split"] == split]


@dataclass
class Tally:
    texts: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, rank: int | None) -> None:
        self.texts += 1
        self.top1 += rank is not None and rank < 1
        self.top3 += rank is not None and rank < 3


@dataclass
class Figures:
    suggestions: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    true_positive: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_negative: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_positive: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    true_negative: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)

    def top(self, k: int, key: str = "all") -> float:
        tally = self.suggestions[key]
        return (tally.top1 if k == 1 else tally.top3) / tally.texts if tally.texts else 0.0

    # Counts are kept by "source:kind" (e.g. "handwritten:shift"); ``of`` selects a source
    # or a kind by its name, or everything.

    @staticmethod
    def _sum(counts: dict[str, int], of: str) -> int:
        return sum(n for key, n in counts.items() if of == "all" or of in key.split(":"))

    def precision(self, of: str = "all") -> float:
        tp, fp = self._sum(self.true_positive, of), self._sum(self.false_positive, of)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, of: str = "all") -> float:
        tp, fn = self._sum(self.true_positive, of), self._sum(self.false_negative, of)
        return tp / (tp + fn) if tp + fn else 1.0

    def false_alarm_rate(self, of: str = "all") -> float:
        fp, tn = self._sum(self.false_positive, of), self._sum(self.true_negative, of)
        return fp / (fp + tn) if fp + tn else 0.0

    def wrong_claims(self, of: str = "all") -> int:
        return self._sum(self.true_positive, of) + self._sum(self.false_negative, of)

    def right_claims(self, of: str = "all") -> int:
        return self._sum(self.false_positive, of) + self._sum(self.true_negative, of)


def equivalents(index: CriteriaIndex) -> dict[str, set[str]]:
    """Items with the same wording, by reference (each item is its own equivalent)."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for doc in index.items:
        by_text[doc.text.lower().rstrip(". ")].add(doc.ref)
    return {ref: refs for refs in by_text.values() for ref in refs}


def measure(cases: list[dict[str, Any]], index: CriteriaIndex | None = None,
            keep_errors: bool = False) -> Figures:
    index = index or index_for(load_criteria(find_criteria(None)))
    same = equivalents(index)
    figures = Figures()
    for case in cases:
        claim = analyse(case["text"])
        if case["covers"]:
            good = set().union(*(same[ref] for ref in case["covers"]))
            ranked = [ref for _, ref in index.rank(claim)]
            rank = next((n for n, ref in enumerate(ranked) if ref in good), None)
            for key in ("all", case["source"], f"{case['source']}:{case['style']}"):
                figures.suggestions[key].add(rank)
            if keep_errors and (rank is None or rank >= 1):
                figures.errors.append(f"rank {rank}: {case['text']!r} covers {case['covers']}; "
                                      f"first {ranked[:3]}")
        claimed = [c["ref"] for c in case["claims"] if not c["wrong"]]
        for entry in case["claims"]:
            others = [r for r in claimed if r != entry["ref"]] if not entry["wrong"] else []
            verdict = judge(index, claim, entry["ref"], others)
            doubtful = verdict is not None and verdict.doubtful
            kind = f"{case['source']}:{entry['kind']}"
            if entry["wrong"]:
                (figures.true_positive if doubtful else figures.false_negative)[kind] += 1
            else:
                (figures.false_positive if doubtful else figures.true_negative)[kind] += 1
            if keep_errors and doubtful != entry["wrong"] and verdict is not None:
                label = "missed" if entry["wrong"] else "false alarm"
                better = f", better {verdict.better}" if verdict.better else ""
                figures.errors.append(
                    f"{label} ({kind}): {case['text']!r} claims {entry['ref']} "
                    f"{index.text_of(entry['ref'])!r}: {_value(index, claim, entry['ref'])}"
                    f"{better}")
    return figures


def _value(index: CriteriaIndex, claim: Any, ref: str) -> str:
    score = index.score(claim, ref)
    return f"{score.value:.3f}" if score is not None else "-"


def report(figures: Figures) -> str:
    lines = ["suggestions            texts  top-1   top-3"]
    for key in sorted(figures.suggestions):
        tally = figures.suggestions[key]
        lines.append(f"  {key:<20} {tally.texts:5d}  {tally.top1 / tally.texts:6.1%}  "
                     f"{tally.top3 / tally.texts:6.1%}")
    lines.append("mismatch               wrong  recall  right  false alarms  precision")
    for of in ("all", "generated", "handwritten", "foreign", "shift", "swap"):
        wrong, right = figures.wrong_claims(of), figures.right_claims(of)
        alarms = f"{figures.false_alarm_rate(of):12.1%}" if right else f"{'-':>12}"
        precision = f"{figures.precision(of):9.1%}" if right else f"{'-':>9}"
        lines.append(f"  {of:<20} {wrong:5d}  {figures.recall(of):6.1%}  {right:5d}  "
                     f"{alarms}  {precision}")
    return "\n".join(lines)


def ablation(split: str) -> str:
    """Held-out figures with parts of the method turned off, rebuilt from scratch each time."""
    from criteria_checker.similarity import index as index_module
    from criteria_checker.similarity import text as text_module
    from criteria_checker.similarity.build import build_index

    criteria = load_criteria(find_criteria(None))
    cases = load_cases(split)
    phrases, word_weight = text_module.phrase_table(), index_module.WORD_WEIGHT
    rows = ["variant                    hand top-1  hand top-3  all top-3  recall  precision"]
    variants = (("full method", phrases, word_weight),
                ("without the concept table", {}, word_weight),
                ("without character n-grams", phrases, 1.0),
                ("character n-grams only", phrases, 0.0))
    try:
        for name, table, weight in variants:
            text_module.use_phrase_table(table)
            index_module.WORD_WEIGHT = weight
            figures = measure(cases, build_index(criteria))
            rows.append(f"{name:<26} {figures.top(1, 'handwritten'):10.1%}  "
                        f"{figures.top(3, 'handwritten'):10.1%}  {figures.top(3):9.1%}  "
                        f"{figures.recall():6.1%}  {figures.precision():9.1%}")
    finally:
        text_module.use_phrase_table(phrases)
        index_module.WORD_WEIGHT = word_weight
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "held-out", "all"), default="held-out")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    parser.add_argument("--ablation", action="store_true",
                        help="also measure the method with parts of it turned off")
    args = parser.parse_args()
    if args.ablation:
        print(ablation(args.split))
    figures = measure(load_cases(args.split), keep_errors=args.errors > 0)
    print(report(figures))
    for line in figures.errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
