"""Publication date of a document: stated in metadata or the page, else inferred from the text."""
from __future__ import annotations

import re

from .. import dates

STATED = re.compile(
    r"(?:published|posted|last updated|updated|date)(?:\s+on)?\s*:?\s*(?P<d>.{6,40}?\d{4})", re.I)
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{2,30},\s*(?P<d>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
                      r"\s*(?:\([A-Za-z .]+\))?\s*[-\u2013\u2014]", re.M)


def normalise(value: str | None) -> str | None:
    """Metadata date ('2021-01-29', '2021-01-29T10:00Z', 'January 29, 2021') to ISO."""
    if not value:
        return None
    value = str(value).strip()
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m:
        return "-".join(p for p in m.groups() if p)
    found = dates.find(value, None)
    for f in found:
        if f.date.value and f.kind in ("iso", "mdy", "dmy", "my", "y"):
            return f.date.value
    return None


URL_DATES = [
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])(?:/(?P<d>[0-3]\d))?/"),
    re.compile(r"[/_-](?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"/(?P<d>[0-3]?\d)-(?P<mon>[A-Z][a-z]{2})-(?P<y>(?:19|20)\d{2})/"),
    re.compile(r"/(?P<y>20[0-4]\d)(?P<m>0[1-9]|1[0-2])(?P<d>[0-3]\d)\d*(?:[/?#]|$)"),
]


def from_url(url: str | None) -> str | None:
    """A date embedded in an article URL (/2025/06/, -2019-09-18, /18-Sep-2019/, /20250602...)."""
    if not url:
        return None
    for pat in URL_DATES:
        m = pat.search(url)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else dates.MONTHS.get((g.get("mon") or "").lower())
        if not month:
            continue
        v = f"{int(g['y']):04d}-{month:02d}" + (f"-{int(g['d']):02d}" if g.get("d") else "")
        if len(v) == 10:
            y, mo, d = (int(x) for x in v.split("-"))
            if not dates._valid(y, mo, d):
                continue
        return v
    return None


def infer(text: str, url: str | None = None) -> tuple[str | None, str]:
    """(date, basis) for a text with no date in its metadata."""
    head = text[:1500]
    for m in STATED.finditer(head):
        v = normalise(m.group("d"))
        if v:
            label = re.sub(r"\s+", " ", m.group(0).split(":")[0].strip())[:30]
            return v, f"inferred: page says '{label}: {m.group('d').strip()}'"
    v = from_url(url)
    if v:
        return v, "inferred: date in the URL"
    m = DATELINE.search(head)
    if m:
        found = [f for f in dates.find(m.group("d"), None) if f.date.value]
        if found and found[0].kind in ("mdy", "dmy"):
            return found[0].date.value, "inferred: dateline"
    latest = dates.latest_mentioned(text)
    anchored = ago_anchor(text)
    if anchored and (latest is None or anchored[0] > (latest.value or "")[:len(anchored[0])]):
        return anchored
    if latest:
        return latest.value[:7], f"inferred: latest date the text mentions is {latest.text.strip()}"
    return None, "unknown"


AGO_WHEN = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>year|month)s?\s+ago,?\s+(?:when|after|as)\s+(?P<clause>[^.;:!?]{5,160})", re.I)
STOP = frozenset("""the a an and or of to in on at for with from by its their his her this that these those
    was were is are be been has have had who which when after as than then into over about""".split())


def _stems(words: list[str]) -> set[str]:
    out = set()
    for w in words:
        w = w.lower()
        if len(w) < 4 or w in STOP:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def ago_anchor(text: str) -> tuple[str, str] | None:
    """'Two years ago, when the Taliban returned to power, ...' and elsewhere 'The Taliban took
    power on 15 August 2021': the clause names an event the article dates, so the article was
    written about two years after that date. Returns (date, basis) or None.

    The clause and the dated sentence must share at least two content words, one of them a
    name (capitalised in the clause)."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    best: tuple[str, str] | None = None
    for m in AGO_WHEN.finditer(text):
        n = m.group("n").lower()
        k = int(n) if n.isdigit() else dates.NUMBER_WORDS.get(n)
        if not k:
            continue
        words = re.findall(r"[A-Za-z][A-Za-z'-]+", m.group("clause"))
        clause = _stems(words)
        names = _stems([w for w in words if w[0].isupper()])
        for sent in sentences:
            if m.group(0)[:40] in sent:
                continue
            shared = clause & _stems(re.findall(r"[A-Za-z][A-Za-z'-]+", sent))
            if len(shared) < 2 or not shared & names:
                continue
            found = [f for f in dates.find(sent, None) if f.kind in ("iso", "mdy", "dmy", "my") and f.date.value]
            if not found:
                continue
            y, mo = int(found[0].date.value[:4]), int(found[0].date.value[5:7])
            if m.group("unit").lower() == "year":
                value = f"{y + k:04d}"
            else:
                y, mo = y + (mo - 1 + k) // 12, (mo - 1 + k) % 12 + 1
                value = f"{y:04d}-{mo:02d}"
            basis = (f"inferred: '{m.group(0).split(',')[0].strip()}' ({' '.join(m.group('clause').split()[:6])}) "
                     f"dates from {found[0].text.strip()}")
            if best is None or value > best[0]:
                best = (value, basis)
            break
    return best
