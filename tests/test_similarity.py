"""The text matcher: stemmer, analysis, scores and their explanations, verdicts, the cache.

Accuracy on the evaluation set is tests/test_similarity_eval.py; the MAP
rules on whole specifications are tests/test_similarity_rules.py.
"""

from __future__ import annotations

import json
import marshal
import re
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.specs.patching import patched_spec
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria_checker.engine.api import criteria_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import Mapping
from criteria_checker.similarity import index_for
from criteria_checker.similarity.build import build_index
from criteria_checker.similarity.claims import Claim, claims_of
from criteria_checker.similarity.index import CriteriaIndex
from criteria_checker.similarity.judge import HIGH, LOW, judge
from criteria_checker.similarity.quotes import Quotes
from criteria_checker.similarity.stem import stem
from criteria_checker.similarity.text import MAX_CHARS, analyse, plain, words

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = criteria_for(CheckOptions())
INDEX = index_for(CRITERIA)

# -- the stemmer ------------------------------------------------------------------------

#: Examples from Porter's paper (1980), step by step.
PORTER = {
    "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
    "feed": "feed", "agreed": "agre", "plastered": "plaster", "bled": "bled",
    "motoring": "motor", "sing": "sing", "conflated": "conflat", "troubled": "troubl",
    "sized": "size", "hopping": "hop", "tanned": "tan", "falling": "fall", "hissing": "hiss",
    "fizzed": "fizz", "failing": "fail", "filing": "file", "happy": "happi", "sky": "sky",
    "relational": "relat", "conditional": "condit", "rational": "ration",
    "valenci": "valenc", "hesitanci": "hesit", "digitizer": "digit", "conformabli": "conform",
    "radicalli": "radic", "differentli": "differ", "vileli": "vile", "analogousli": "analog",
    "vietnamization": "vietnam", "predication": "predic", "operator": "oper",
    "feudalism": "feudal", "decisiveness": "decis", "hopefulness": "hope",
    "callousness": "callous", "formaliti": "formal", "sensitiviti": "sensit",
    "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form",
    "formalize": "formal", "electriciti": "electr", "electrical": "electr", "hopeful": "hope",
    "goodness": "good", "revival": "reviv", "allowance": "allow", "inference": "infer",
    "airliner": "airlin", "gyroscopic": "gyroscop", "adjustable": "adjust",
    "defensible": "defens", "irritant": "irrit", "replacement": "replac",
    "adjustment": "adjust", "dependent": "depend", "adoption": "adopt", "homologou": "homolog",
    "communism": "commun", "activate": "activ", "angulariti": "angular",
    "homologous": "homolog", "effective": "effect", "bowdlerize": "bowdler",
    "probate": "probat", "rate": "rate", "cease": "ceas", "controll": "control",
    "roll": "roll", "generalizations": "gener", "oscillators": "oscil",
}


@pytest.mark.parametrize(("word", "expected"), sorted(PORTER.items()))
def test_the_stemmer_follows_porters_examples(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_the_stemmer_conflates_the_criterias_inflections() -> None:
    assert {stem(w) for w in ("safeguarding", "safeguards", "safeguard")} == {"safeguard"}
    assert {stem(w) for w in ("organisation", "organisations", "organisational")} == {"organis"}
    assert {stem(w) for w in ("manager", "managing", "management")} == {"manag"}
    assert stem("an") == "an" and stem("") == ""


# -- analysis ---------------------------------------------------------------------------

def test_command_verbs_stop_words_and_possessives_go() -> None:
    analysed = analyse("Explain the organisation's role in it")
    assert list(analysed.terms) == ["organis", "role"]
    assert analysed.terms["organis"] == ("organisation",)


def test_concepts_fold_the_usual_words_for_a_criteria_term() -> None:
    claim = analyse("harm or mistreatment of service users")
    item = analyse("abuse or neglect of individuals")
    assert set(claim.terms) == set(item.terms) == {"=abuse", "=individual"}
    assert item.terms["=abuse"] == ("abuse", "neglect")


def test_spellings_and_hyphens_do_not_matter() -> None:
    assert analyse("person-centered organization").terms.keys() == \
        analyse("person centred organisation").terms.keys()
    assert analyse("well-being").terms.keys() == analyse("wellbeing").terms.keys()


def test_response_and_responsibility_stay_apart() -> None:
    assert analyse("responding").terms.keys() == analyse("response").terms.keys()
    assert analyse("responsibilities").terms.keys() != analyse("response").terms.keys()


def test_a_text_is_read_only_up_to_its_limit() -> None:
    long = "safeguarding " * (MAX_CHARS // 10) + "whistleblowing " * 1000
    assert len(words(long)) <= MAX_CHARS // 13 + 1
    assert "=whistleblowing" not in analyse(long).terms


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.sampled_from(list("'\u2019\u2018&saS1 .")), st.characters()),
               max_size=40))
def test_words_are_those_of_every_step_taken_in_turn(text: str) -> None:
    # words() skips the possessive search when there is no apostrophe; the long way
    # takes every step whatever the text (each word then spelt as words() spells it
    # alone).
    folded = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    folded = re.sub(r"(?<=[a-z])'s\b|(?<=s)'(?![a-z])", "", folded).replace("'", "")
    assert words(text) == [words(word)[0] for word in re.findall(r"[a-z0-9]+", folded)]


_MAPPINGS = st.lists(st.sampled_from([Mapping(raw="LMAC5A", ref="LMAC5A"),
                                       Mapping(raw="LMAC5B1", ref="LMAC5B1"),
                                       Mapping(raw="LMAC 5A", ref="LMAC5A"),
                                       Mapping(raw="see notes", ref=None)]), max_size=3)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_claims_are_every_mapping_with_a_reference_on_an_outcome_or_criterion(
        data: st.DataObject) -> None:
    # Claims are listed a quicker way when an element has one mapping; the plain way
    # lists every element's mappings with the distinct references it claims.
    spec = patched_spec([])
    unit = spec.units[0]
    outcomes = [replace(outcome, mappings=data.draw(_MAPPINGS), criteria=[
        replace(criterion, mappings=data.draw(_MAPPINGS)) for criterion in outcome.criteria])
        for outcome in unit.outcomes]
    spec = replace(spec, units=[replace(unit, outcomes=outcomes), *spec.units[1:]])
    expected = []
    for each in spec.units:
        for outcome in each.outcomes:
            for element, item in [(f"LO {outcome.number}", outcome),
                                  *((f"AC {c.number}", c) for c in outcome.criteria)]:
                claimed = tuple(dict.fromkeys(m.ref for m in item.mappings if m.ref))
                expected += [Claim(each, element, item.text, m, claimed, item.location)
                             for m in item.mappings if m.ref]
    assert list(claims_of(spec)) == expected


def test_plain_forms_ignore_command_verbs_case_and_punctuation() -> None:
    assert plain("Explain the purpose of the inspection system.") == \
        plain("the purpose of the inspection system")


# -- scores and their explanations ------------------------------------------------------

def test_an_items_own_wording_scores_one_and_ranks_it_first() -> None:
    for doc in INDEX.items[::17]:
        score = INDEX.score(analyse(doc.text), doc.ref)
        assert score is not None and score.value == pytest.approx(1.0)
        assert INDEX.rank(analyse(doc.text))[0][1] in {doc.ref, "LMAC5B/LD/B.4",
                                                       "LMAC5H/CD/C.3"}


def test_a_claim_from_another_qualification_shares_nothing() -> None:
    score = INDEX.score(analyse("Monitor budgets against spend"), "LMAC5C/SG/A.6", explain=True)
    assert score is not None
    assert (round(score.value, 2), score.shared) == (0.0, ())
    assert score.missing == ("suspected", "disclosed", "abuse", "neglect", "response",
                             "leading", "role", "own")


def test_an_explanation_quotes_the_criterions_words() -> None:
    claim = analyse("Explain how you would lead the response to an allegation of harm")
    score = INDEX.score(claim, "LMAC5C/SG/A.6", explain=True)
    assert score is not None
    assert score.shared == ("abuse", "neglect", "response", "leading")
    assert score.missing == ("suspected", "disclosed", "role", "own")


def test_an_item_with_bullets_is_matched_by_its_lead_in_alone() -> None:
    score = INDEX.score(analyse("support others to:"), "LMAC5F/HW/C.1")
    assert score is not None and score.value == pytest.approx(1.0)


def test_a_claim_on_a_node_is_scored_by_its_best_part() -> None:
    item = INDEX.score(analyse("the purpose of the inspection system"), "LMAC5A/GR/D.2")
    outcome = INDEX.score(analyse("the purpose of the inspection system"), "LMAC5A/GR/D")
    topic = INDEX.score(analyse("the purpose of the inspection system"), "LMAC5A")
    assert item is not None and outcome is not None and topic is not None
    assert item.value == outcome.value == topic.value
    assert INDEX.score(analyse("anything"), "LMAC5Z/XX") is None


def test_scores_are_deterministic_and_bounded() -> None:
    claim = analyse("Describe local child protection procedures and your part in them")
    first = INDEX.rank(claim)
    assert first == INDEX.rank(claim)
    assert all(0 < value <= 1 for value, _ in first)
    assert [value for value, _ in first] == sorted((v for v, _ in first), reverse=True)


# -- verdicts ---------------------------------------------------------------------------

def test_thresholds_are_ordered() -> None:
    assert 0 < LOW < HIGH < 1


def test_a_claim_sharing_nothing_is_doubtful() -> None:
    verdict = judge(INDEX, analyse("Monitor budgets against spend"), "LMAC5C/SG/A.6")
    assert verdict is not None and verdict.doubtful and verdict.better is None


def test_a_claim_another_item_matches_much_better_is_doubtful() -> None:
    verdict = judge(INDEX, analyse("the differences between leadership and management"),
                    "LMAC5A/LM/A.2")
    assert verdict is not None and verdict.doubtful
    assert verdict.better is not None and verdict.better[0] == "LMAC5A/LM/A.1"


def test_a_better_match_the_same_element_claims_does_not_count() -> None:
    claim = analyse("Explain the difference between leadership and management and the key "
                    "theories of each")
    for ref, other in (("LMAC5A/LM/A.1", "LMAC5A/LM/A.2"), ("LMAC5A/LM/A.2", "LMAC5A/LM/A.1")):
        verdict = judge(INDEX, claim, ref, [other])
        assert verdict is not None and not verdict.doubtful


def test_a_paraphrase_stands() -> None:
    verdict = judge(INDEX, analyse("Describe the legal protection given to whistleblowers"),
                    "LMAC5C/SG/A.5")
    assert verdict is not None and not verdict.doubtful


def test_nothing_to_judge_gives_no_verdict() -> None:
    assert judge(INDEX, analyse("Explain the"), "LMAC5A/LM/A.1") is None
    assert judge(INDEX, analyse("leadership"), "LMAC5A/LM/A.99") is None


# -- the index: per process, and in the compiled cache ----------------------------------

def test_the_index_is_built_once_per_criteria_set() -> None:
    assert index_for(CRITERIA) is INDEX
    other = replace(CRITERIA)  # an equal set, but another object: indexed on its own
    assert index_for(other) is not INDEX


def test_the_cached_index_scores_exactly_as_the_built_one() -> None:
    built = build_index(CRITERIA)
    loaded = CriteriaIndex.from_data(json.loads(json.dumps(built.to_data())))
    for text in ("Monitor budgets against spend", "Explain how the CQC rates services",
                 "support others to:", "Identify signs of stress and anxiety in yourself"):
        claim = analyse(text)
        assert loaded.rank(claim) == built.rank(claim)
        for ref in ("LMAC5A/GR/D.4", "LMAC5F/HW/C.1", "LMAC5H/PW", "LMAC5C"):
            assert loaded.score(claim, ref, explain=True) == built.score(claim, ref,
                                                                         explain=True)


def test_a_broken_cache_entry_is_a_miss(tmp_path: Path) -> None:
    script = (
        "import json, pathlib, sys\n"
        "from criteria_checker.engine.api import criteria_for\n"
        "from criteria_checker.engine.options import CheckOptions\n"
        "from criteria_checker.similarity import index_for\n"
        "index = index_for(criteria_for(CheckOptions()))\n"
        "print(len(index.items))\n"
    )
    env = {"CRITERIA_CHECKER_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           cwd=ROOT, env=env, check=True)
    entries = sorted(tmp_path.glob("similarity-*.entry"))
    assert len(entries) == 1
    entry = marshal.loads(entries[0].read_bytes())
    entry["data"]["index"]["docs"][0] = ["broken"]
    entries[0].write_bytes(marshal.dumps(entry))
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, env=env, check=True)
    assert first.stdout == second.stdout == "287\n"


def test_the_matcher_imports_only_the_standard_library() -> None:
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import criteria_checker.similarity.claims, criteria_checker.similarity.suggest\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "stdlib = set(sys.stdlib_module_names)\n"
        "print(sorted(m for m in new if m not in stdlib and not m.startswith('_')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "['criteria_checker']"


# -- the quotations: what a claim quoting its criterion needs ----------------------------

def _items_under(ref: str) -> list[str]:
    """The items node ``ref`` claims, from the index's positions."""
    if ref in INDEX.position:
        return [ref]
    return [INDEX.items[i].ref for i in INDEX.descendants.get(ref, ())]


def test_the_quotations_answer_as_the_index_is_made() -> None:
    # Read back as the compiled cache keeps them.
    table = Quotes.from_data(marshal.loads(marshal.dumps(INDEX.quote_table.to_data())))
    refs = [*INDEX.position, *INDEX.nodes, "LMAC5A/LM/A.99", "LMAC5Z"]
    texts = [*sorted(INDEX.verbatim)[::7], "monitor budgets against spend", ""]
    for ref in refs:
        assert table.items_under(ref) == _items_under(ref)
        for text in texts:
            expected = any(item == ref or (ref in INDEX.nodes and item in _items_under(ref))
                           for item in INDEX.verbatim.get(text, ()))
            assert table.quotes(text, ref) is expected


def test_a_check_whose_claims_all_quote_loads_only_the_quotations(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from criteria_checker import similarity
    from criteria_checker.engine.api import check_file, rules_for

    criteria = replace(CRITERIA)
    similarity.quotes_for(criteria)  # a first run: the compiled cache keeps them
    # A new process: nothing loaded yet, and the index must not be.
    monkeypatch.setattr(similarity, "_QUOTES", {})
    monkeypatch.setattr(similarity, "_INDEXES", {})

    def refused(criteria: object) -> None:
        raise AssertionError("the index was loaded")

    monkeypatch.setattr(similarity, "_load_or_build", refused)
    report = check_file(ROOT / "specimens/conformant.xml", CheckOptions(), criteria=criteria,
                        rules=rules_for(CheckOptions()))
    assert report.passed
    assert not [f for f in report.findings if f.rule_id.startswith("MAP")]
