#!/usr/bin/env python3
"""Writes a case-file import file (docs/import.md) of N case files in the five-year vault's shape
(bench/scale_bench.cpp: a person, a dossier, two plan items, a consent, 20 visits and 50 notes of
150-6,000 bytes of French text, ~3 % private), deterministic (fixed seed).

Usage: gen_import_file.py N OUT.json"""
import json
import random
import sys

WORDS = ("rencontre avec monsieur madame au parloir de la prison situation logement dettes médiation famille "
         "enfants contact CPAS dossier démarches formation emploi santé suivi psychologue assuétudes projet "
         "réinsertion libération conditionnelle tribunal application peines attestation rendez-vous reporté motivé "
         "inquiet stable évolution positive difficultés administratives carte identité mutuelle revenu intégration "
         "sœur frère réseau soutien accompagnement entretien prochain semaine à et le les des une un il elle "
         "souhaite explique évoque prévu été").split()
DOMAINS = ["housing", "social_admin_rights", "training", "employment", "debts", "physical_health", "mental_health",
           "addiction", "family_social_network", "justice"]
PRACTICES = ["motivational_interviewing", "working_alliance", "classic_social_work", "social_network",
             "local_authorities", "change_talk"]
OUTCOMES = ["present", "present", "present", "justified_absence", "no_show"]


def text(rng, size):
    out, sentence = [], 0
    length = 0
    while length < size:
        w = rng.choice(WORDS)
        if sentence == 0:
            w = w[0].upper() + w[1:]
        sentence += 1
        end = " "
        if sentence > 8 + rng.randrange(10):
            end, sentence = (".\n" if rng.randrange(6) == 0 else ". "), 0
        out.append(w + end)
        length += len((w + end).encode())
    return "".join(out).rstrip() + "."


def note_length(rng):
    r = rng.randrange(100)
    if r < 70:
        return 150 + rng.randrange(650)
    if r < 95:
        return 800 + rng.randrange(1200)
    return 2000 + rng.randrange(4000)


def case_file(n, rng):
    year = 2021 + n % 5
    visits = [{"ref": f"v{i}", "date": f"{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/{year}", "kind": "individual",
               "outcome": rng.choice(OUTCOMES), "practice_codes": [rng.choice(PRACTICES)]} for i in range(20)]
    notes = [{"visit": f"v{i * 20 // 50}", "body": text(rng, note_length(rng)),
              "scope": "private" if rng.randrange(33) == 0 else "service", "domains": [rng.choice(DOMAINS)]}
             for i in range(50)]
    return {
        "external_id": f"OLD-{n:05d}",
        "person": {"name": f"Personne {n}", "birth_date": f"{1960 + n % 40}-0{1 + n % 9}-1{n % 9}",
                   "language": "nl" if n % 3 == 0 else "fr", "status": "sentenced"},
        "dossier": {"basis": "mandate" if n % 2 else "voluntary", "opened_on": f"{year}-01-15"},
        "visits": visits,
        "notes": notes,
        "plan_items": [{"domain": rng.choice(DOMAINS), "goal": text(rng, 60).replace("\n", " "), "status": "in_progress"}
                       for _ in range(2)],
        "consents": [{"partner": "CPAS", "scope": "referral", "given_on": f"{year}-01-15"}],
    }


rng = random.Random(20261204)
n = int(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump({"format": "passerelle-case-files", "version": 1,
               "case_files": [case_file(i, rng) for i in range(n)]}, f, ensure_ascii=False)
