#!/usr/bin/env python3
"""Measure how much of the world the gazetteer (data/gazetteer.toml) knows.

Two measures, both printed:

(a) Organization lists in ../shared/data/intl_organizations/*.csv (used for measuring only,
    never shipped): per file, the share of rows with an acronym that the gazetteer knows
    (one of the row's acronyms is a gazetteer acronym, or the row's name is a gazetteer name
    or alias), over all such rows and over those whose acronym occurs in the General Debate
    corpus at least --min-count times as a whole word (case-sensitive). The second figure is
    the meaningful one: most listed organizations never appear in a statement.

(b) Acronyms the General Debate corpus defines itself, `Full Name (ACR)`: the share that
    the gazetteer knows, weighted by the number of statements that define each one. Printed
    twice: over every defined acronym, and leaving out a short, printed list of acronyms
    that name concepts or places rather than organizations or instruments (LDCs, ODA, ...).

Python 3.11 standard library only. Run from the project root:

    python3 scripts/gazetteer_coverage.py [--data ../shared/data] [--min-count 20] [--top 40]
"""
import argparse
import collections
import csv
import gzip
import json
import pathlib
import re
import sys
import tomllib

# Acronyms the corpus defines that are concepts, groups of countries or places, not
# organizations or instruments: left out of the "entities only" figure of (b).
NOT_ENTITIES = {
    "LDC", "LDCs", "SIDS", "LLDC", "LLDCs", "ODA", "GDP", "GNP", "DDR", "WMD", "WMDs", "HIV", "AIDS",
    "NGO", "NGOs", "FDI", "ICT", "ICTs", "AI", "NIEO", "DRC", "UAE",
    "USSR", "USA", "UK", "US", "FRY", "TRNC", "DPRK",
    "ROK", "PRC", "EEZ", "EEZs", "GHG", "GHGs", "NCD", "NCDs", "COVID", "MSMEs", "SMEs", "IDPs", "IDP",
    "UXO", "IED", "IEDs", "SALW", "NWFZ", "NWFZs", "ERW", "HEU", "LEU", "PTSD", "TB", "UHC", "CSOs",
    "CSO", "R2P", "RtoP", "PNE", "MIRV", "MIRVs", "SDI", "ABM", "NIEs", "GSP", "MFN", "TNCs", "TNC",
    "CBMs", "CBM", "ZOPFAN", "EPAs", "EPA", "PPP", "PPPs", "HIPC", "SDR", "SDRs", "IUU", "REDD",
    "NDC", "NDCs", "VNR", "VNRs", "MVI", "SARS", "XVIII",
}

WORD = re.compile(r"[A-Za-z0-9]+(?:[-&][A-Za-z0-9]+)*")
# `Capitalized Words of the Like (ACR)` or `(ACRs)`: at least two capitalized words before.
DEFINES = re.compile(
    r"((?:[A-Z][\w'\-]*,?\s+(?:(?:of|the|and|for|on|in|to|de|del|la|des|du|et|against|with|from|at|&)\s+)*){2,})"
    r"\((\w(?:[\w&\-]*\w)?)\)"
)


def norm(s):
    """The Rust matcher's normalization: runs of white space and hyphens become one space."""
    return re.sub(r"[\s\-\u2010\u2011]+", " ", s.replace("\u2019", "'").replace("\u00ad", "")).strip()


def name_key(s):
    s = norm(s)
    return s[:1].lower() + s[1:]


def load_gazetteer(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    entities = data.get("entity", [])
    acronyms = {}
    names = {}
    for e in entities:
        for a in e.get("acronyms", []):
            acronyms.setdefault(norm(a), e["id"])
        for n in [e["name"], *e.get("aliases", [])]:
            names.setdefault(name_key(n), e["id"])
    return entities, acronyms, names


def is_acronym(s):
    return bool(s) and sum(c.isupper() for c in s) >= 2 and " " not in s.strip()


def csv_rows(path):
    """(acronyms, names) per row of one organization list."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if "abbreviation_en" in r:  # supraverden
                acrs = [r["abbreviation_en"], r.get("abbreviation_other_en", ""), r.get("abbreviation_fr", "")]
                nms = [r["name_en"], r.get("name_other_en", ""), r.get("name_other_2_en", "")]
            else:  # un_system_entities
                acrs = [r["entity"]] + [a for a in re.split(r"[;,]", r.get("entity_aliases", "")) if is_acronym(a.strip())]
                nms = [r["entity_long"]] + [a for a in re.split(r"[;,]", r.get("entity_aliases", "")) if not is_acronym(a.strip())]
            acrs = [a.strip() for a in acrs if a and a.strip() and " " not in a.strip()]
            nms = [n.strip() for n in nms if n and n.strip()]
            if acrs:
                rows.append((acrs, nms))
    return rows


def corpus_statements(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer", default="data/gazetteer.toml")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--min-count", type=int, default=20)
    ap.add_argument("--top", type=int, default=30, help="how many unknown acronyms to list")
    args = ap.parse_args()

    data = pathlib.Path(args.data)
    entities, g_acr, g_names = load_gazetteer(args.gazetteer)
    kinds = collections.Counter(e["kind"] for e in entities)
    print(f"Gazetteer {args.gazetteer}: {len(entities)} entities "
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + f", {len(g_acr)} acronyms")

    lists = {p.name: csv_rows(p) for p in sorted((data / "intl_organizations").glob("*.csv"))}
    wanted = {norm(a) for rows in lists.values() for acrs, _ in rows for a in acrs}

    # One pass over the corpus: whole-word counts of the listed acronyms, and definitions.
    counts = collections.Counter()
    defined = collections.Counter()  # acronym -> statements defining it
    expansions = collections.defaultdict(collections.Counter)
    n_statements = 0
    for st in corpus_statements(data / "un_general_debate_corpus/ungdc_1946_2024.jsonl.gz"):
        n_statements += 1
        text = st.get("text") or ""
        for m in WORD.finditer(text):
            w = m.group(0)
            if w in wanted:
                counts[w] += 1
            if "-" in w:
                for part in w.split("-"):
                    if part in wanted:
                        counts[part] += 1
                nw = w.replace("-", " ")
                if nw in wanted:
                    counts[nw] += 1
        seen = set()
        for m in DEFINES.finditer(text):
            acr = m.group(2)
            core = acr[:-1] if acr.endswith("s") and acr[:-1].isupper() else acr
            if sum(c.isupper() for c in core) < 2 or len(core) > 12:
                continue
            expansions[core][norm(m.group(1)).rstrip(",")[-90:]] += 1
            seen.add(core)
        defined.update(seen)
    print(f"General Debate corpus: {n_statements} statements\n")

    def knows_row(acrs, nms):
        return any(norm(a) in g_acr for a in acrs) or any(name_key(n) in g_names for n in nms)

    print(f"(a) Organization lists: rows with an acronym that the gazetteer knows")
    print(f"    (known = an acronym or the name is in the gazetteer; 'frequent' = acronym occurs"
          f" >= {args.min_count} times in the corpus)")
    for name, rows in lists.items():
        known = sum(knows_row(a, n) for a, n in rows)
        freq = [(a, n) for a, n in rows if max(counts[norm(x)] for x in a) >= args.min_count]
        fknown = [r for r in freq if knows_row(*r)]
        print(f"    {name}: all {known}/{len(rows)} = {100 * known / max(len(rows), 1):.1f}%;"
              f" frequent {len(fknown)}/{len(freq)} = {100 * len(fknown) / max(len(freq), 1):.1f}%")
        missing = sorted((r for r in freq if not knows_row(*r)), key=lambda r: -max(counts[norm(x)] for x in r[0]))
        if missing:
            print("      frequent but unknown: " + "; ".join(
                f"{r[0][0]} ({max(counts[norm(x)] for x in r[0])}, {r[1][0] if r[1] else '?'})" for r in missing[: args.top]))
    print()

    def knows_acr(a):
        # An acronym, its plural, or a name written like one (BRICS).
        return a in g_acr or (a + "s") in g_acr or name_key(a) in g_names

    def report(title, items):
        total = sum(defined[a] for a in items)
        known = sum(defined[a] for a in items if knows_acr(a))
        kd = sum(1 for a in items if knows_acr(a))
        print(f"    {title}: {len(items)} distinct acronyms defined in {total} statement-definitions;"
              f" known {kd}/{len(items)} distinct, weighted {known}/{total} = {100 * known / max(total, 1):.1f}%")
        return total

    print("(b) Acronyms the corpus defines (`Full Name (ACR)`), weighted by defining statements")
    all_defined = [a for a in defined]
    report("all", all_defined)
    ents = [a for a in all_defined if a not in NOT_ENTITIES]
    report("entities only (leaving out " + ", ".join(sorted(NOT_ENTITIES & set(all_defined))) + ")", ents)
    for floor in (5, 20):
        report(f"entities only, defined in >= {floor} statements", [a for a in ents if defined[a] >= floor])
    unknown = sorted((a for a in ents if not knows_acr(a)), key=lambda a: -defined[a])
    print(f"    most-defined unknown acronyms (statements, commonest expansion):")
    for a in unknown[: args.top]:
        exp = expansions[a].most_common(1)[0][0]
        print(f"      {a:10} {defined[a]:5}  {exp}")


if __name__ == "__main__":
    sys.exit(main())
