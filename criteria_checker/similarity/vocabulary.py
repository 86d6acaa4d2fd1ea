"""The words awarding organisations use for the criteria's terms, as data.

Each concept is a canonical name and the phrases that say the same thing in
adult care qualifications ("service users", "people who use services" and
"residents" for the criteria's "individuals"; "CQC" for "the regulator").
Phrases are matched after stemming, longest first, on both sides of a
comparison, so a claim saying "harm or mistreatment" shares the concept
``abuse`` with an item saying "abuse or neglect". The explanation still
quotes the criterion's own words.

The table is small and hand-written from the criteria's vocabulary and its
guidance notes (which define the bold terms); it was written independently
of the evaluation's paraphrase generator (tests/data/claims-eval), whose
word table is its own. Add to it with care: every phrase folded into a
concept makes the items that use it harder to tell apart.
"""

from __future__ import annotations

#: (concept, phrases). A phrase is plain words; it is tokenised and stemmed as texts are.
CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("individual", ("individual", "individuals", "person", "persons", "people",
                    "service user", "service users", "people who use services",
                    "people who use the service", "people using services",
                    "people accessing care", "people accessing care and support",
                    "people receiving care", "people we support", "person supported",
                    "people supported", "resident", "residents", "client", "clients",
                    "those using services", "those who use services")),
    ("personcentred", ("person centred", "person centered", "personalised", "personalized",
                       "individualised", "individualized", "person centred practice")),
    ("staff", ("staff", "team members", "team member", "workforce", "employees", "employee",
               "workers", "care workers", "care staff", "personnel", "staff team")),
    ("family", ("family", "families", "relatives", "relative", "loved ones", "next of kin")),
    ("legislation", ("legislation", "legislative", "law", "laws", "legal framework",
                     "statute", "statutes", "acts of parliament", "legal requirements")),
    ("regulator", ("regulator", "care quality commission", "cqc", "inspectorate")),
    ("inspection", ("inspection", "inspections", "inspected", "inspect", "inspector",
                    "inspectors")),
    ("abuse", ("abuse", "neglect", "harm", "mistreatment", "maltreatment", "exploitation",
               "ill treatment", "abusive")),
    ("safeguarding", ("safeguarding", "safeguard", "safeguards", "adult protection",
                      "protecting adults")),
    ("child", ("child", "children", "young person", "young people", "child protection")),
    ("whistleblowing", ("whistle blowing", "whistleblowing", "whistle blower",
                        "whistleblower", "whistleblowers", "whistle blowers")),
    ("consent", ("consent", "informed agreement", "informed consent")),
    ("mentalcapacity", ("mental capacity", "mental capacity act", "mca", "capacity")),
    ("deprivationofliberty", ("deprivation of liberty", "deprivations of liberty", "dols",
                              "liberty protection safeguards", "lps")),
    ("restrictive", ("restrictive practices", "restrictive practice", "restraint",
                     "restrictive interventions", "restrictive intervention",
                     "restrictions", "restriction", "restricting", "restrictive")),
    ("feedback", ("feedback", "views", "opinions", "what they think")),
    ("wellbeing", ("wellbeing", "well being", "welfare")),
    ("conflict", ("conflict", "conflicts", "disagreement", "disagreements", "dispute",
                  "disputes", "friction", "tension", "tensions")),
    ("equality", ("equality", "equal opportunities", "fairness")),
    ("discrimination", ("discrimination", "discriminatory", "prejudice", "bias")),
    ("inclusion", ("inclusion", "inclusive", "inclusivity")),
    ("digital", ("digital", "technology", "technologies", "technological", "online",
                 "electronic", "computer", "computers", "ict")),
    ("vision", ("vision", "mission", "future direction")),
    ("innovation", ("innovation", "innovative", "new ideas", "fresh ideas", "creativity",
                    "creative")),
    ("risk", ("risk", "risks", "hazard", "hazards", "danger", "dangers")),
    ("positiverisk", ("positive risk taking", "positive risk", "positive risks",
                      "enabling risk", "taking positive risks")),
    ("supervision", ("supervision", "supervise", "supervising", "supervisor", "supervisors",
                     "supervisee", "supervisees", "one to one meetings")),
    ("cpd", ("continuing professional development", "continuous professional development",
             "cpd", "professional development")),
    ("reflection", ("reflective practice", "reflection", "reflect", "reflecting",
                    "reflective", "reflections")),
    ("delegation", ("delegation", "delegate", "delegated", "delegating")),
    ("partnership", ("partnership", "partnerships", "partners", "partner",
                     "multi agency working", "inter agency working", "joint working",
                     "joint work", "multi agency", "inter agency")),
    ("collaboration", ("collaboration", "collaborative", "collaboratively",
                       "working together", "work together")),
    ("agency", ("agency", "agencies", "other organisations", "other services")),
    ("coproduction", ("co production", "coproduction", "co produce", "co design",
                      "codesign", "co designing")),
    ("strengthbased", ("strength based", "strengths based", "asset based")),
    ("objective", ("objective", "objectives", "goal", "goals", "aims", "targets", "target")),
    ("commissioning", ("commissioned", "commissioning", "commission", "procured",
                       "procurement", "procure", "tendering", "bought", "purchased")),
    ("finance", ("financial", "finance", "finances", "budget", "budgets", "money", "cost",
                 "costs", "funding", "funded", "paid for")),
    ("recruitment", ("recruitment", "recruit", "recruiting", "hiring", "hire",
                     "attracting staff", "attract staff", "attract", "attracting")),
    ("retention", ("retention", "retain", "retaining", "keeping staff")),
    ("induction", ("induction", "onboarding")),
    ("staffing", ("staffing", "rota", "rotas", "shift patterns", "staffing levels")),
    ("discipline", ("discipline", "disciplinary")),
    ("appraisal", ("appraisal", "appraisals", "performance review", "performance reviews")),
    ("databreach", ("data breach", "data breaches", "breach", "breaches", "data loss")),
    ("cybersecurity", ("cyber security", "cybersecurity", "cyber attacks", "cyber attack",
                       "information security", "cyber")),
    ("confidentiality", ("confidentiality", "confidential", "privacy")),
    ("information", ("information", "data")),
    ("recording", ("record", "records", "recording", "documentation", "document", "log")),
    ("culture", ("culture", "cultures", "ethos")),
    ("sexuality", ("sexuality", "sexual orientation", "sexual", "intimacy",
                   "intimate relationships")),
    ("relationship", ("relationships", "relationship", "friendships", "friendship")),
    ("community", ("community", "communities", "local area", "neighbourhood")),
    ("healthprofessional", ("healthcare professionals", "health professionals",
                            "health care professionals", "nurses", "gps", "gp", "doctors",
                            "clinicians", "district nurses")),
    ("resilience", ("resilience", "resilient")),
    ("selfcare", ("self care", "looking after yourself", "looking after oneself",
                  "looking after themselves", "taking care of yourself")),
    ("anxiety", ("anxiety", "anxious", "worry", "worries")),
    ("indicator", ("indicators", "indicator", "signs", "sign", "symptoms", "warning signs")),
    ("enforcement", ("enforcement", "enforcement action", "sanctions")),
    ("powerimbalance", ("power imbalance", "imbalance of power", "unequal")),
    ("emotion", ("emotions", "emotional", "feelings")),
    ("selfawareness", ("self awareness", "self aware", "self knowledge")),
    ("workload", ("workload", "workloads", "work load", "caseload")),
    ("theory", ("theory", "theories", "theoretical", "model", "models", "framework",
                "frameworks")),
    # "leadership styles" stays two terms ("leadership", "style"): the named styles are
    # styles, and say leadership too.
    ("style", ("style", "styles", "autocratic", "democratic", "laissez faire",
               "transformational", "transactional", "situational", "servant leadership",
               "distributed leadership")),
    ("solution", ("solution", "solutions", "options", "option", "alternatives")),
    ("potential", ("potential", "possible")),
    ("opportunity", ("opportunity", "opportunities", "chance", "chances")),
    ("proactive", ("proactive", "acting early", "early intervention", "preventative",
                   "preventive", "prevention")),
    ("maintain", ("maintain", "maintaining", "keep up", "sustain", "sustaining")),
    ("own", ("own", "your", "yourself", "oneself", "my", "myself", "your own")),
    ("lead", ("lead", "leading", "leader", "leaders", "leadership")),
    ("improve", ("improve", "improvement", "improvements", "improving", "better",
                 "enhance", "raise standards")),
    ("complaint", ("complaints", "complaint", "complain", "complaining")),
)

#: Words the suffix-stripper gets wrong here, with the stems they take instead: it gives
#: "response" and "responsibility" one stem and "respond" another.
WORD_STEMS: dict[str, str] = {
    **dict.fromkeys(("respond", "responds", "responded", "responding", "response",
                     "responses", "responsive", "responsiveness"), "respond"),
    **dict.fromkeys(("responsible", "responsibility", "responsibilities"), "responsib"),
    **dict.fromkeys(("decide", "decides", "decided", "deciding"), "decis"),
}

#: Stems the suffix-stripper leaves apart that mean the same here.
STEM_FIXES: dict[str, str] = {
    "regulatori": "regul",
    "mandatori": "mandat",
}
