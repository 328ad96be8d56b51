#!/usr/bin/env python3
"""Build Dragoman's resolution catalogue from ../shared/data (reproducible; standard library only).

Writes, tab-separated, one row per resolution (tabs and newlines inside fields become spaces):

  data/sc_resolutions.tsv   every Security Council resolution 1..2825
  data/resolutions.tsv      General Assembly (every session, old and new numbering), Human Rights
                            Council and Economic and Social Council resolutions, each fact with its
                            source
  data/ga_sessions.tsv      which consecutive numbers belong to which General Assembly session
                            under the old numbering (1946-1975)

Sources and their precedence (a fact is taken from the first source that has it):

  X  the United Nations' machine-readable resolutions (DGACM, AKN4UN XML):
     ../shared/data/un_ga_resolutions_unxml/ga_resolutions_74_80.csv (date, meeting, title)
  L  the UN Digital Library's voting collection, 1946-2024:
     ../shared/data/un_ga_resolutions_undl/resolutions_ga_sc_voting_collection.csv
  Cn the date (or title after "entitled") that n later resolutions agree on when they cite it:
     ../shared/data/un_resolution_texts_unxml/cited_resolutions.csv. Citing texts contain slips
     (a year 2107, two resolutions' dates swapped, another body's resolution with the same
     number), so a value is taken only when at least two citing resolutions agree on it, more
     agree on it than on any other value, and (dates) it falls within the session that numbered
     the resolution. A lone variant never becomes a fact.

Run from the project root:  python3 scripts/build_catalogue.py ../shared/data
"""
import csv, re, sys, pathlib

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = pathlib.Path("data")

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n):
    s = ""
    for v, r in ROMAN:
        while n >= v:
            s, n = s + r, n - v
    return s


def from_roman(s):
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, c in enumerate(s):
        v = vals[c]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    assert to_roman(total) == s, s
    return total


def clean(s):
    return re.sub(r"\s+", " ", (s or "")).strip()


def bracket_note(title):
    # DHL titles read "Security Council resolution 2823 (2026) [on safety ...]"; keep the note.
    m = re.search(r"\[(.*)\]\s*$", title or "")
    return clean(m.group(1)) if m else clean(title)


# ---------------------------------------------------------------- Security Council (unchanged)
with open(src / "un_sc_resolutions/sc_resolutions.csv", newline="", encoding="utf-8") as f, \
     open(out / "sc_resolutions.tsv", "w", encoding="utf-8") as o:
    o.write("# Security Council resolutions. Source: United Nations (see NOTICE). "
            "Columns: number, year, date (ISO, may be empty), meeting, agenda topic, title note, vote (yes-no-abstain, may be empty)\n")
    rows = list(csv.DictReader(f))
    for i, r in enumerate(rows, 1):
        assert int(r["number"]) == i, r["number"]
        o.write("\t".join([r["number"], r["year"], clean(r["date"]), clean(r["meeting"]),
                           clean(r["agenda_topic"]), bracket_note(r["title"]),
                           clean(r["vote"]) if re.fullmatch(r"\d+-\d+-\d+", clean(r["vote"])) else ""]) + "\n")

# ---------------------------------------------------------------- General Assembly sessions
# A session designator as the catalogue writes it: new numbering `70`, `S-32`, `ES-11`; old
# numbering (sessions I-XXX, special S-I..S-VII, emergency special ES-I..ES-V) in Roman figures
# `XXV`, `S-VI`, `ES-V`, as the resolution is cited (`2625 (XXV)`).
OLD_LIMIT = {"": 30, "S-": 7, "ES-": 5}


def old_session(designator):
    """`XXV`, `S-VI`, `S-1`, `ES-I` -> canonical old designator, or None."""
    m = re.fullmatch(r"(S-|ES-)?([IVXLC]+|\d+)", designator)
    if not m:
        return None
    prefix, n = m.group(1) or "", m.group(2)
    n = int(n) if n.isdigit() else from_roman(n)
    if n > OLD_LIMIT[prefix]:
        return None
    return prefix + to_roman(n)


sessions = []  # (designator, lo, hi) certain ranges
with open(src / "un_ga_resolutions_undl/ga_session_ranges_1946_1975.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        sessions.append((old_session(r["session"]), int(r["observed_min"]), int(r["observed_max"]),
                         r["first_date"], r["last_date"]))
with open(out / "ga_sessions.tsv", "w", encoding="utf-8") as o:
    o.write("# General Assembly sessions under the old consecutive numbering (1946-1975): a number from lowest "
            "to highest belongs to that session for certain (observed in the UN Digital Library's records); a "
            "number between two sessions' ranges is not placed. Source: United Nations (see NOTICE). "
            "Columns: session, lowest number, highest number, first date, last date\n")
    for s, lo, hi, a, b in sorted(sessions, key=lambda s: s[1]):
        o.write(f"{s}\t{lo}\t{hi}\t{a}\t{b}\n")

# ---------------------------------------------------------------- facts per resolution
# key: (organ, session designator, number) -> dict
facts = {}


def rec(organ, session, number):
    return facts.setdefault((organ, session, number), {
        "parts": set(), "date": "", "date_src": "", "meeting": "", "title": "", "title_src": "", "citers": 0,
        "date_also": ""})


def set_fact(r, field, value, source):
    if value and not r[field]:
        r[field] = value
        r[field + "_src"] = source


# X: machine-readable resolutions, sessions 74-80
with open(src / "un_ga_resolutions_unxml/ga_resolutions_74_80.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        m = re.fullmatch(r"(\d+)\s*([A-Z](?:-[A-Z])?)?", r["number"].strip())
        assert m, r["number"]
        x = rec("GA", r["session"], int(m.group(1)))
        if m.group(2):
            x["parts"].add(m.group(2))
        set_fact(x, "date", clean(r["date"]), "X")
        set_fact(x, "title", clean(r["title"]), "X")
        if not x["meeting"]:
            x["meeting"] = clean(r["meeting"])

# L: UN Digital Library voting collection
OLD = re.compile(r"A/RES/(\d+)\s*\(([A-Za-z0-9-]+)\)\s*\[?([A-Z](?:-[A-Z])?)?\]?(?:\[.*\])?$")
NEW = re.compile(r"A/RES/((?:ES-|S-)?\d+)/+(\d+)\s*\[?([A-Z](?:-[A-Z])?)?\]?(?:\[.*\]|[IVX]+|-[IVX]+)?$")
skipped = []
with open(src / "un_ga_resolutions_undl/resolutions_ga_sc_voting_collection.csv", newline="", encoding="utf-8") as f:
    rows = [r for r in csv.DictReader(f) if r["symbol"].startswith("A/RES/")]
# Parts in order (A before B), so the first part's date and title stand for the number.
rows.sort(key=lambda r: r["symbol"])
for r in rows:
    sym = r["symbol"].replace(" ", "")
    m = OLD.match(sym)
    if m:
        session = old_session(m.group(2))
        if session is None:
            skipped.append(sym)
            continue
        number, part = int(m.group(1)), m.group(3)
    else:
        m = NEW.match(sym)
        if not m:
            skipped.append(sym)
            continue
        session, number, part = m.group(1), int(m.group(2)), m.group(3)
    x = rec("GA", session, number)
    if part:
        x["parts"].add(part)
    title = re.sub(r"\s*:\s*resolution\s*/\s*adopted by the General Assembly.*$", "", clean(r["title"]))
    set_fact(x, "date", clean(r["date"]), "L")
    set_fact(x, "title", title, "L")
    if not x["meeting"]:
        x["meeting"] = clean(r["meeting_record"]) if clean(r["meeting_record"]) not in ("N/A",) else ""


# C: what citing resolutions agree on
def plausible(organ, session, date):
    """Whether `date` can be the adoption date of a resolution of `session`."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        return False
    y = int(date[:4])
    if not 1946 <= y <= 2026:
        return False
    if organ == "GA":
        if session.isdigit():  # new numbering: the session opens in September of 1945+s
            s = int(session)
            return f"{1945 + s}-09-01" <= date <= f"{1946 + s}-09-30"
        if re.fullmatch(r"[IVXLC]+", session):  # old regular session
            s = from_roman(session)
            return 1944 + s <= y <= 1946 + s
        return True
    if organ == "HRC":
        if session.isdigit():  # about three sessions a year since June 2006
            expected = 2006 + (int(session) - 1) // 3
            return expected - 1 <= y <= expected + 1
        return y >= 2006
    if organ == "ECOSOC":
        if session.isdigit():
            return y == int(session)
        return y <= 1978
    return True


def variants(s):
    """`2019-12-12 (2); ...` or `Title (2) || Title (1)` -> [(value, votes)]."""
    out = []
    for part in re.split(r"\s*(?:\|\||;)\s*", s or ""):
        m = re.fullmatch(r"(.*) \((\d+)\)", part.strip())
        if m:
            out.append((clean(m.group(1)), int(m.group(2))))
    return out


def agreed(candidates, ok):
    """The value most citers agree on, if at least two do and no other value has as many."""
    cands = sorted([(v, n) for v, n in candidates if v and ok(v)], key=lambda c: -c[1])
    if not cands or cands[0][1] < 2 or (len(cands) > 1 and cands[1][1] >= cands[0][1]):
        return None
    return cands[0]


KEY = re.compile(r"(GA|HRC|ECOSOC) (?:((?:ES-|S-)?\d+)/(\d+)|(\d+)(?: ([A-Z](?:-[A-Z])?))? \(((?:S-|ES-)?[IVXLC]+)\))$")
rejected = []
with open(src / "un_resolution_texts_unxml/cited_resolutions.csv", newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        m = KEY.fullmatch(r["key"])
        if not m:
            continue
        organ = m.group(1)
        if m.group(2):
            session, number, part = m.group(2), int(m.group(3)), None
        else:
            number, part, session = int(m.group(4)), m.group(5), m.group(6)
            if organ == "GA":
                session = old_session(session)
                if session is None:
                    continue
        x = rec(organ, session, number)
        if part:
            x["parts"].add(part)
        x["citers"] = int(r["citers"] or 0)
        dates = [(r["date"], int(r["date_votes"] or 0))] + variants(r["date_variants"])
        d = agreed(dates, lambda v: plausible(organ, session, v))
        if d:
            if x["date"] and x["date"] != d[0]:
                rejected.append((r["key"], "date", d[0], x["date_src"], x["date"]))
                # A record and the citing resolutions disagree: keep both, the record first
                # (the machine-readable record's adoption date and the Library's have each been
                # contradicted by many agreeing citers, e.g. 62/249, 76/254).
                x["date_also"] = f"{d[0]} C{d[1]}"
            set_fact(x, "date", d[0], f"C{d[1]}")
        elif r["date"]:
            rejected.append((r["key"], "date", r["date"], "no agreement", r["date_votes"]))
        titles = [(clean(r["title"]), int(r["title_votes"] or 0))] + variants(r["title_variants"])
        t = agreed(titles, lambda v: True)
        if t:
            set_fact(x, "title", t[0], f"C{t[1]}")

# ---------------------------------------------------------------- write
def order(item):
    (organ, session, number), _ = item
    organ_rank = {"GA": 0, "HRC": 1, "ECOSOC": 2}[organ]
    kind = 2 if session.startswith("ES-") else 1 if session.startswith("S-") else 0
    n = session.split("-")[-1]
    n = int(n) if n.isdigit() else from_roman(n)
    return (organ_rank, kind, n, number)


def parts_of(ps):
    ps = sorted(ps)
    if not ps:
        return ""
    letters = sorted({c for p in ps for c in re.findall(r"[A-Z]", p)})
    return letters[0] if len(letters) == 1 else f"{letters[0]}-{letters[-1]}"


with open(out / "resolutions.tsv", "w", encoding="utf-8") as o:
    o.write("# General Assembly, Human Rights Council and Economic and Social Council resolutions. "
            "Source: United Nations (see NOTICE); built by scripts/build_catalogue.py, which documents the "
            "precedence. Columns: organ, session (old numbering in Roman figures), number, parts, date (ISO), "
            "date source, meeting, title, title source, citing resolutions, another date a source gives (date and "
            "source). Sources: X = UN machine-readable resolution, L = UN Digital Library record, Cn = n later "
            "resolutions that cite it agree\n")
    for (organ, session, number), x in sorted(facts.items(), key=order):
        o.write("\t".join([organ, session, str(number), parts_of(x["parts"]), x["date"], x["date_src"],
                           x["meeting"], x["title"], x["title_src"], str(x["citers"]), x["date_also"]]) + "\n")

counts = {}
for (organ, _, _), x in facts.items():
    c = counts.setdefault(organ, [0, 0, 0])
    c[0] += 1
    c[1] += bool(x["date"])
    c[2] += bool(x["title"])
for organ, (n, d, t) in counts.items():
    print(f"{organ}: {n} resolutions, {d} with a date, {t} with a title", file=sys.stderr)
print(f"skipped symbols: {skipped}", file=sys.stderr)
print(f"citing-text dates not taken: {len(rejected)}", file=sys.stderr)
for r in rejected:
    if r[3] != "no agreement":
        print("  conflict", r, file=sys.stderr)
