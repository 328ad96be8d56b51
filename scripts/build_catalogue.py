#!/usr/bin/env python3
"""Convert ../shared/data resolution tables into Dragoman's compact catalogue files.

Writes data/sc_resolutions.tsv and data/ga_resolutions.tsv (tab-separated, one row per
resolution, no quoting: tabs and newlines inside fields are replaced by spaces).
Run from the project root:  python3 scripts/build_catalogue.py ../shared/data
"""
import csv, re, sys, pathlib

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = pathlib.Path("data")

def clean(s):
    return re.sub(r"\s+", " ", (s or "")).strip()

def bracket_note(title):
    # DHL titles read "Security Council resolution 2823 (2026) [on safety ...]"; keep the note.
    m = re.search(r"\[(.*)\]\s*$", title or "")
    return clean(m.group(1)) if m else clean(title)

with open(src / "un_sc_resolutions/sc_resolutions.csv", newline="", encoding="utf-8") as f, \
     open(out / "sc_resolutions.tsv", "w", encoding="utf-8") as o:
    o.write("# Security Council resolutions. Source: United Nations (see NOTICE). "
            "Columns: number, year, date (ISO, may be empty), meeting, agenda topic, title note\n")
    rows = list(csv.DictReader(f))
    for i, r in enumerate(rows, 1):
        assert int(r["number"]) == i, r["number"]
        o.write("\t".join([r["number"], r["year"], clean(r["date"]), clean(r["meeting"]),
                           clean(r["agenda_topic"]), bracket_note(r["title"])]) + "\n")

with open(src / "un_ga_resolutions_unxml/ga_resolutions_74_80.csv", newline="", encoding="utf-8") as f, \
     open(out / "ga_resolutions.tsv", "w", encoding="utf-8") as o:
    o.write("# General Assembly resolutions (sessions 74-80, some special and emergency special sessions). "
            "Source: United Nations (see NOTICE). Columns: session, number, parts (letters such as A-B, may be empty), date (ISO), meeting, title\n")
    rows = list(csv.DictReader(f))
    def split(r):
        m = re.fullmatch(r"(\d+)\s*([A-Z](?:-[A-Z])?)?", r["number"].strip())
        assert m, r["number"]
        return int(m.group(1)), m.group(2) or ""
    def key(r):
        s = r["session"]
        return (0 if s.isdigit() else 1, int(s) if s.isdigit() else 0, s) + split(r)
    for r in sorted(rows, key=key):
        n, parts = split(r)
        o.write("\t".join([r["session"], str(n), parts, clean(r["date"]), clean(r["meeting"]),
                           clean(r["title"])]) + "\n")
