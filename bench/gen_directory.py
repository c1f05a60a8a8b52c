#!/usr/bin/env python3
"""Synthetic service directory and typed queries for bench/directory_search_bench.cpp (issue 5).

Writes a services.json (format 1, docs/directory-data.md) with N entries that pass the importer's
validation against assets/directory/vocabulary.json, and a file of realistic search queries, one
per line, as workers type them: French and Dutch words, accents often missing, theme words mixed
with commune and service names.

The entries are fictitious and say so: names carry no real organisation, every contact field
(address, postcode, phone, e-mail, website) stays empty, and `source` names this script. Commune
names are real municipalities, used only as places to search for.

Deterministic: the same arguments always produce byte-identical files (fixed seed).
"""
import argparse
import json
import random
import unicodedata

SEED = 20261123

# (theme id, French words, Dutch words) used in names and descriptions.
THEMES = [
    ("housing", ["logement", "hébergement", "maison d'accueil", "habitat"], ["huisvesting", "woning", "opvang", "onthaalhuis"]),
    ("social_admin_rights", ["droits sociaux", "aide administrative", "mutuelle", "revenu d'intégration"],
     ["sociale rechten", "administratie", "ziekenfonds", "leefloon"]),
    ("training", ["formation", "alphabétisation", "orientation", "apprentissage"], ["opleiding", "vorming", "alfabetisering", "basiseducatie"]),
    ("employment", ["emploi", "insertion socioprofessionnelle", "recherche d'emploi"], ["werk", "tewerkstelling", "werk zoeken"]),
    ("debts", ["médiation de dettes", "surendettement", "budget"], ["schuldhulpverlening", "schuldbemiddeling", "budgetbegeleiding"]),
    ("family_social_links", ["famille", "liens sociaux", "parentalité"], ["gezin", "sociaal netwerk", "ouderschap"]),
    ("youth_16_25", ["jeunes", "jeunes adultes"], ["jongeren", "jongvolwassenen"]),
    ("judicial_system", ["aide juridique", "justice réparatrice", "médiation pénale"], ["juridische hulp", "herstelrecht", "bemiddeling"]),
    ("prison_system", ["sortie de prison", "détention", "libération conditionnelle"], ["vrijlating", "detentie", "voorwaardelijke invrijheidstelling"]),
    ("confinement", ["enfermement", "internement", "longue peine"], ["opsluiting", "internering", "lange straf"]),
    ("disengagement_violent_extremism", ["désengagement", "radicalisation", "prévention"], ["disengagement", "radicalisering", "preventie"]),
    ("care_inside_prison", ["soins en prison", "promotion de la santé", "dépistage"], ["zorg in de gevangenis", "gezondheidspromotie", "screening"]),
    ("care_outside", ["maison médicale", "soins ambulatoires", "planning familial"], ["wijkgezondheidscentrum", "ambulante zorg", "gezinsplanning"]),
    ("continuity_of_care", ["continuité des soins", "suivi médical", "relais médical"], ["nazorg", "zorgcontinuïteit", "medische opvolging"]),
    ("mental_health", ["santé mentale", "soutien psychologique", "psychiatrie"], ["geestelijke gezondheid", "psychologische ondersteuning", "psychiatrie"]),
    ("addiction", ["assuétudes", "réduction des risques", "toxicomanie", "alcool"], ["verslaving", "drugs", "schadebeperking", "alcohol"]),
]
SECTOR = {
    "housing": "social", "social_admin_rights": "social", "training": "social", "employment": "social", "debts": "social",
    "family_social_links": "social", "youth_16_25": "social", "judicial_system": "justice", "prison_system": "justice",
    "confinement": "justice", "disengagement_violent_extremism": "justice", "care_inside_prison": "health",
    "care_outside": "health", "continuity_of_care": "health", "mental_health": "health", "addiction": "health",
}
# (commune as written in the region's language, region)
COMMUNES = [
    ("Anderlecht", "brussels"), ("Bruxelles", "brussels"), ("Etterbeek", "brussels"), ("Forest", "brussels"),
    ("Ixelles", "brussels"), ("Jette", "brussels"), ("Molenbeek-Saint-Jean", "brussels"), ("Saint-Gilles", "brussels"),
    ("Schaerbeek", "brussels"), ("Uccle", "brussels"), ("Charleroi", "wallonia"), ("Liège", "wallonia"),
    ("Namur", "wallonia"), ("Mons", "wallonia"), ("Verviers", "wallonia"), ("Tournai", "wallonia"),
    ("La Louvière", "wallonia"), ("Arlon", "wallonia"), ("Seraing", "wallonia"), ("Wavre", "wallonia"),
    ("Ottignies-Louvain-la-Neuve", "wallonia"), ("Marche-en-Famenne", "wallonia"), ("Huy", "wallonia"),
    ("Antwerpen", "flanders"), ("Gent", "flanders"), ("Brugge", "flanders"), ("Leuven", "flanders"),
    ("Mechelen", "flanders"), ("Hasselt", "flanders"), ("Kortrijk", "flanders"), ("Oostende", "flanders"),
    ("Aalst", "flanders"), ("Genk", "flanders"), ("Turnhout", "flanders"), ("Sint-Niklaas", "flanders"),
    ("Roeselare", "flanders"), ("Ieper", "flanders"), ("Beveren", "flanders"), ("Dendermonde", "flanders"),
]
FR_KINDS = ["Service", "Centre", "Maison", "Antenne", "Permanence", "Projet", "Cellule", "Espace", "Atelier", "Point d'appui"]
NL_KINDS = ["Dienst", "Centrum", "Huis", "Antenne", "Project", "Punt", "Team", "Werkplaats", "Steunpunt", "Trajectwerking"]
FR_PUBLIC = ["détenues", "justiciables", "sorties de prison", "et leurs familles", "de 16 à 25 ans", "adultes"]
NL_PUBLIC = ["in detentie", "onder justitie", "na hun vrijlating", "en hun gezin", "van 16 tot 25 jaar", "volwassenen"]
PUBLICS = ["adults", "youth_16_25", "families", "women", "detainees", "ex_detainees", "justiciables", "everyone"]
FR_VERBS = ["accompagne", "oriente", "soutient", "informe", "reçoit"]
NL_VERBS = ["begeleidt", "oriënteert", "ondersteunt", "informeert", "ontvangt"]
FR_EXTRA = ["sur rendez-vous", "en individuel et en groupe", "avant et après la sortie de prison",
            "en lien avec le réseau social-santé", "avec une permanence hebdomadaire"]
NL_EXTRA = ["op afspraak", "individueel en in groep", "voor en na de vrijlating",
            "in samenwerking met het sociale netwerk", "met een wekelijkse zitdag"]
ORG_WORDS = ["Horizon", "Passage", "Relais", "Tremplin", "Boussole", "Archipel", "Ancrage", "Escale", "Sillage",
             "Brug", "Kompas", "Overstap", "Vertrekpunt", "Anker", "Wegwijs", "Schakel"]


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def entry(i, rng):
    themes = rng.sample(THEMES, rng.choice([1, 1, 2, 2, 3]))
    theme_ids = [t[0] for t in themes]
    sectors = sorted({SECTOR[t] for t in theme_ids}, key=["social", "justice", "health"].index)
    commune, region = rng.choice(COMMUNES)
    kind = rng.choices(["service", "project", "service_type"], weights=[70, 22, 8])[0]
    fr_word = rng.choice(themes[0][1])
    nl_word = rng.choice(themes[0][2])
    org = rng.choice(ORG_WORDS) + " " + rng.choice(ORG_WORDS)
    if region == "flanders":
        name = f"{rng.choice(NL_KINDS)} {nl_word} {commune} {i}"
        name_nl = ""
    else:
        name = f"{rng.choice(FR_KINDS)} {fr_word} {commune} {i}"
        name_nl = f"{rng.choice(NL_KINDS)} {nl_word} {commune} {i}" if rng.random() < 0.4 else ""
    others_fr = ", ".join(rng.choice(t[1]) for t in themes[1:])
    others_nl = ", ".join(rng.choice(t[2]) for t in themes[1:])
    desc_fr = (f"Entrée synthétique. {org} {rng.choice(FR_VERBS)} les personnes {rng.choice(FR_PUBLIC)} "
               f"en matière de {fr_word}{', ' + others_fr if others_fr else ''}, {rng.choice(FR_EXTRA)}.")
    desc_nl = (f"Synthetische vermelding. {org} {rng.choice(NL_VERBS)} mensen {rng.choice(NL_PUBLIC)} "
               f"rond {nl_word}{', ' + others_nl if others_nl else ''}, {rng.choice(NL_EXTRA)}.") if rng.random() < 0.85 else ""
    langs = {"brussels": ["fr", "nl"], "wallonia": ["fr"], "flanders": ["nl"]}[region]
    if rng.random() < 0.15:
        langs = langs + ["en"]
    if rng.random() < 0.3:
        langs = []  # unknown, as for most seed entries
    service_type = kind == "service_type"
    return {
        "id": f"syn-{i:05d}",
        "kind": kind,
        "organisation": "" if service_type else f"ASBL {org}",
        "name": name,
        "name_nl": name_nl,
        "aliases": [("".join(w[0] for w in org.split())).upper() + str(i)] if rng.random() < 0.3 else [],
        "sector": sectors,
        "themes": theme_ids,
        "description_fr": desc_fr[:300],
        "description_nl": desc_nl[:300],
        "address": "",
        "postcode": "",
        "commune": "" if service_type else commune,
        "region": [region],
        "phone": "",
        "email": "",
        "website": "",
        "links": [],
        "languages": langs,
        "public": sorted(rng.sample(PUBLICS, rng.choice([0, 1, 2])), key=PUBLICS.index),
        "access_conditions": "",
        "inside_prison": rng.choice([True, False, None, None]),
        "waiting_list": None,
        "opening_hours": None,
        "verified": False,
        "last_verified": None,
        "source": "synthetic benchmark data (bench/gen_directory.py)",
    }


def queries(n, rng):
    fr_terms = [w for t in THEMES for w in t[1]] + ["cpas", "maison de justice", "aide aux justiciables", "centre"]
    nl_terms = [w for t in THEMES for w in t[2]] + ["ocmw", "justitiehuis", "dienst", "centrum"]
    en_terms = ["housing", "debts", "mental health", "addiction", "training", "employment", "prison"]
    places = [c for c, _ in COMMUNES] + ["brussel", "bruxelles", "wallonie", "vlaanderen"]
    out = []
    for _ in range(n):
        shape = rng.random()
        if shape < 0.35:
            q = rng.choice(fr_terms)
        elif shape < 0.65:
            q = rng.choice(nl_terms)
        elif shape < 0.72:
            q = rng.choice(en_terms)
        elif shape < 0.92:  # theme + place, either language
            q = rng.choice(fr_terms + nl_terms) + " " + rng.choice(places)
        else:  # a service's own name words
            q = rng.choice(ORG_WORDS) + " " + rng.choice(ORG_WORDS)
        if rng.random() < 0.7:
            q = strip_accents(q)  # workers rarely type accents on a tablet
        if rng.random() < 0.5:
            q = q.lower()
        out.append(q)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--queries-out", required=True)
    args = ap.parse_args()
    rng = random.Random(SEED)
    doc = {"format": 1, "version": 1, "published": "2026-11-23",
           "entries": [entry(i, rng) for i in range(args.entries)]}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(args.queries_out, "w", encoding="utf-8") as f:
        for q in queries(args.queries, rng):
            f.write(q + "\n")


if __name__ == "__main__":
    main()
