"""Date expressions in text, resolved against the article's publication date.

``find(text, published)`` returns every date expression in a piece of text with its resolved
value, precision and basis. Absolute dates ("January 27, 2021", "15 August 2021",
"November 2019", "in 2018"), dates missing their year ("September 13", "in late May"), and
relative ones ("this month", "last year", "two years ago", "on Monday", "last fall") are all
handled; the year of a month-day date is inferred from the publication date (a "September 13"
in a November article is that year's, in a February article the previous year's).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .model import DateValue

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
            r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "several": None, "few": None, "a few": None}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
ORD = r"(?:st|nd|rd|th)?"
PART = r"(?:(?P<part>early|mid|late|the (?:end|beginning|start|middle) of|end of|beginning of|mid-)\s*)?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<d>[0-3]?\d){ORD},?\s+(?P<y>(?:19|20)\d{{2}})\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d){ORD}\s+(?:of\s+)?(?P<mon>{MONTH_RE}),?\s+(?P<y>(?:19|20)\d{{2}})\b")),
    ("my", re.compile(rf"{PART}\b(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("md", re.compile(rf"\b(?P<mon>{MONTH_RE})\s+(?P<d>[0-3]?\d){ORD}\b(?!,?\s*(?:19|20)\d{{2}})(?!\d)")),
    ("dm", re.compile(rf"\b(?P<d>[0-3]?\d){ORD}\s+(?:of\s+)?(?P<mon>{MONTH_RE})\b(?!,?\s*(?:19|20)\d{{2}})")),
    ("m", re.compile(rf"(?:\b(?P<prep>in|since|until|by|during|from|of|this|last|next|early|mid|late)\s+|{PART})"
                     rf"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
                     rf"November|December)\b(?!\s+[0-3]?\d\b)(?!,?\s*(?:19|20)\d{{2}})", re.I)),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<y>(?:19|20)\d)0s\b")),
    ("y", re.compile(r"(?:\b(?P<prep>in|since|until|by|during|from|of|early|mid|late|the end of|end of|"
                     r"the beginning of)\s+)?(?<![\d,.$-])\b(?P<y>(?:19|20)\d{2})\b(?![\d-]|,\d|\s*(?:%|percent))", re.I)),
    ("rel_unit", re.compile(r"\b(?P<which>this|last|next|past|previous|earlier this|later this|the previous|"
                            r"the past|the same|over the|at the|during the)\s+(?P<unit>week|month|year|weekend)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                       r"twelve|several|few)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("dayword", re.compile(r"\b(?P<w>today|yesterday|tonight|this morning|this evening|last night)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+)?(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday)\b")),
    ("season", re.compile(r"\b(?P<which>last|this|past|in the)\s+(?P<s>spring|summer|fall|autumn|winter)"
                          r"(?:\s+of\s+(?P<y>(?:19|20)\d{2}))?\b", re.I)),
    ("recent", re.compile(r"\b(?P<w>in the past (?:few )?days|in recent days|recently|earlier this week|"
                          r"in recent weeks)\b", re.I)),
]

DAY_KINDS = {"iso", "mdy", "dmy", "md", "dm"}   # expressions that name a day of a month
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")   # every form in MONTH_RE
_DIGIT = re.compile(r"\d")
# What each pattern cannot match without (with the same case rule or a looser one): a pattern
# is run only on text where all of its requirements are found.
NEEDS: dict[str, tuple[re.Pattern, ...]] = {
    "iso": (_YEAR,), "mdy": (_YEAR, _MONTH), "dmy": (_YEAR, _MONTH), "decade": (_YEAR,), "y": (_YEAR,),
    "my": (_YEAR, re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)),
    "md": (_MONTH, _DIGIT), "dm": (_MONTH, _DIGIT),
    "m": (re.compile(r"january|february|march|april|may|june|july|august|september|october|november|december",
                     re.I),),
    "rel_unit": (re.compile(r"week|month|year", re.I),),
    "ago": (re.compile(r"ago", re.I),),
    "dayword": (re.compile(r"day|night|morning|evening", re.I),),
    "weekday": (re.compile(r"day"),),
    "season": (re.compile(r"spring|summer|fall|autumn|winter", re.I),),
    "recent": (re.compile(r"days|recent|week", re.I),),
}


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    kind: str
    date: DateValue


def parse_iso(value: str | None) -> tuple[int | None, int | None, int | None]:
    if not value:
        return None, None, None
    parts = [int(p) for p in value.split("-")]
    return (parts + [None, None])[:3]  # type: ignore[return-value]


def fmt(y: int, m: int | None = None, d: int | None = None) -> DateValue:
    if d and m:
        return DateValue(f"{y:04d}-{m:02d}-{d:02d}", "day", "explicit")
    if m:
        return DateValue(f"{y:04d}-{m:02d}", "month", "explicit")
    return DateValue(f"{y:04d}", "year", "explicit")


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _infer_year(m: int, d: int | None, pub: str | None) -> int | None:
    """Year of a month(-day) with no year: the publication year unless that puts it in the
    future (by more than a week), then the year before."""
    py, pm, pd = parse_iso(pub)
    if py is None:
        return None
    if pm is None:
        return py
    if m > pm:
        return py - 1
    if m == pm and d and pd and d > pd + 7:
        return py - 1
    return py


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _resolve(kind: str, g: dict, text: str, pub: str | None) -> DateValue | None:
    py, pm, pd = parse_iso(pub)
    if kind in ("iso", "mdy", "dmy"):
        y, d = int(g["y"]), int(g["d"])
        m = int(g["m"]) if kind == "iso" else _month(g["mon"])
        return fmt(y, m, d) if _valid(y, m, d) else None
    if kind == "my":
        return fmt(int(g["y"]), _month(g["mon"]))
    if kind in ("md", "dm"):
        m, d = _month(g["mon"]), int(g["d"])
        if not 1 <= d <= 31:
            return None
        y = _infer_year(m, d, pub)
        if y is None or not _valid(y, m, d):
            return DateValue(None, None, "unknown", text)
        v = fmt(y, m, d)
        v.basis = "relative"
        return v
    if kind == "m":
        m = _month(g["mon"])
        prep = (g.get("prep") or "").lower()
        if g["mon"].lower() == "may" and not prep and not g.get("part"):
            return None
        if g["mon"][0].islower():
            return None
        y = _infer_year(m, None, pub)
        if prep == "next" and py:
            y = py if m > (pm or 0) else py + 1
        if y is None:
            return DateValue(None, None, "unknown", text)
        v = fmt(y, m)
        v.basis = "relative"
        return v
    if kind == "decade":
        return DateValue(None, None, "explicit", text)  # a decade: no single year
    if kind == "y":
        return fmt(int(g["y"]))
    if kind == "rel_unit":
        if py is None:
            return DateValue(None, None, "unknown", text)
        which, unit = g["which"].lower(), g["unit"].lower()
        back = 1 if which in ("last", "past", "previous", "the previous", "the past") else 0
        ahead = which == "next"
        if unit == "year":
            v = fmt(py - back + (1 if ahead else 0))
        elif unit == "month":
            if pm is None:
                return DateValue(None, None, "unknown", text)
            y, m = py, pm - back + (1 if ahead else 0)
            if m < 1:
                y, m = y - 1, m + 12
            if m > 12:
                y, m = y + 1, m - 12
            v = fmt(y, m)
        else:  # week, weekend
            if pm is None:
                return DateValue(None, None, "unknown", text)
            if pd and unit == "weekend" and which in ("over the", "at the", "during the"):
                pub = dt.date(py, pm, pd)  # "over the weekend": the one just before publication
                sunday = pub - dt.timedelta(days=(pub.weekday() + 1) % 7)
                v = fmt(sunday.year, sunday.month)
            elif unit != "week" and which in ("over the", "at the", "during the"):
                return DateValue(None, None, "unknown", text)  # "over the month": no anchor
            elif pd:
                day = dt.date(py, pm, pd) - dt.timedelta(days=7 * back) + dt.timedelta(days=7 if ahead else 0)
                v = fmt(day.year, day.month)
            else:
                v = fmt(py, pm)
        v.basis = "relative"
        return v
    if kind == "ago":
        if py is None:
            return DateValue(None, None, "unknown", text)
        n = g["n"].lower()
        k = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
        unit = g["unit"].lower()
        if k is None:
            return DateValue(None, None, "unknown", text)
        if unit == "year":
            v = fmt(py - k)
        elif unit == "month" and pm:
            y, m = py, pm - k
            while m < 1:
                y, m = y - 1, m + 12
            v = fmt(y, m)
        elif unit in ("day", "week") and pm and pd:
            day = dt.date(py, pm, pd) - dt.timedelta(days=k * (7 if unit == "week" else 1))
            v = fmt(day.year, day.month, day.day) if unit == "day" else fmt(day.year, day.month)
        else:
            return DateValue(None, None, "unknown", text)
        v.basis = "relative"
        return v
    if kind == "dayword":
        if not (py and pm and pd):
            return DateValue(fmt(py, pm).value if py else None, "month" if pm else None, "relative", text)
        day = dt.date(py, pm, pd)
        if g["w"].lower() in ("yesterday", "last night"):
            day -= dt.timedelta(days=1)
        v = fmt(day.year, day.month, day.day)
        v.basis = "relative"
        return v
    if kind == "weekday":
        if not (py and pm and pd):
            return DateValue(fmt(py, pm).value if py and pm else None, "month" if py and pm else None,
                             "relative", text)
        pubday = dt.date(py, pm, pd)
        back = (pubday.weekday() - WEEKDAYS[g["w"].lower()]) % 7
        day = pubday - dt.timedelta(days=back)
        v = fmt(day.year, day.month, day.day)
        v.basis = "relative"
        return v
    if kind == "season":
        s = g["s"].lower()
        if g.get("y"):
            v = fmt(int(g["y"]))
        elif py is None:
            return DateValue(None, None, "unknown", text)
        else:
            first, _ = SEASONS[s]
            which = g["which"].lower()
            y = py
            if which in ("last", "past") or (pm is not None and first > pm):
                y = py - 1
            v = fmt(y)
        v.basis = "relative"
        return v
    if kind == "recent":
        if py is None:
            return DateValue(None, None, "unknown", text)
        v = fmt(py, pm)  # a publication known to the year only gives the year
        v.basis = "relative"
        return v
    return None


def find(text: str, published: str | None = None) -> list[DateMatch]:
    """All date expressions in `text`, longest first where they overlap, in text order."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    present: dict[re.Pattern, bool] = {}   # requirements shared by several patterns: searched once
    for kind, pat in PATTERNS:
        ok = True
        for need in NEEDS[kind]:
            has = present.get(need)
            if has is None:
                has = present[need] = need.search(text) is not None
            if not has:
                ok = False
                break
        if not ok:
            continue
        for mt in pat.finditer(text):
            s, e = mt.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            val = _resolve(kind, mt.groupdict(), mt.group(0), published)
            if val is None:
                continue
            if not val.text:
                val.text = mt.group(0)
            found.append(DateMatch(s, e, mt.group(0), kind, val))
            taken.append((s, e))
    found.sort(key=lambda m: m.start)
    # "Thursday, Oct. 14, 2021": a weekday right before a date names that date's day, not
    # another Thursday near the publication date.
    return [m for i, m in enumerate(found)
            if not (m.kind == "weekday" and i + 1 < len(found) and found[i + 1].kind in DAY_KINDS
                    and re.fullmatch(r"[\s,]*", text[m.end:found[i + 1].start]))]


FUTURE = re.compile(r"\b(will|shall|scheduled|expected to|due to|plans? to|planned|deadline|by)\b", re.I)


def latest_mentioned(text: str) -> DateValue | None:
    """The latest date the text mentions as past, for inferring when it was published.

    Explicit dates with a year count first; dates without a year ("November 17") are then
    placed in the latest explicit year and count too. Dates in sentences about the future
    ("scheduled to leave by May 21") are ignored.
    """
    sentences = re.split(r"(?<=[.!?])\s+", text)
    explicit: list[DateValue] = []
    yearless: list[tuple[int, int | None]] = []
    for sent in sentences:
        for m in find(sent, None):
            before = sent[max(0, m.start - 60):m.start]
            if FUTURE.search(before) or re.search(r"\b(will|scheduled|expected)\b", sent, re.I):
                continue
            if m.kind in ("iso", "mdy", "dmy", "my") and m.date.value:
                explicit.append(m.date)
            elif m.kind in ("md", "dm", "m"):
                g = PATTERNS_BY_KIND[m.kind].search(m.text)
                if g:
                    d = g.groupdict().get("d")
                    yearless.append((_month(g.group("mon")), int(d) if d else None))
    if not explicit:
        return None
    best = max(explicit, key=lambda v: v.value or "")
    year = int(best.value[:4])  # type: ignore[index]
    for mon, day in yearless:
        cand = f"{year:04d}-{mon:02d}" + (f"-{day:02d}" if day else "")
        if cand > (best.value or "") and not best.value.startswith(cand):  # type: ignore[union-attr]
            best = DateValue(cand, "day" if day else "month", "relative", f"{calendar.month_name[mon]} {day or ''}".strip())
    return best


PATTERNS_BY_KIND = dict(PATTERNS)
