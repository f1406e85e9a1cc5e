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
    if latest:
        return latest.value[:7], f"inferred: latest date the text mentions is {latest.text.strip()}"
    return None, "unknown"
