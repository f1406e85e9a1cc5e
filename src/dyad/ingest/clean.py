"""Text clean-up: page furniture out, whitespace normalised, language and junk checks."""
from __future__ import annotations

import hashlib
import re
import unicodedata

# Whole lines that are page furniture, not article text.
FURNITURE = re.compile(
    r"^\s*(skip to (main )?content|leave a (reply|comment)|share this( story| article)?:?|"
    r"share (on|via) \w+|click to share.*|tweet|print( this)?( article)?|email|"
    r"related( posts| articles| stories)?:?|read more:?|advertisement|sponsored|"
    r"subscribe( now)?( to our newsletter)?.*|sign up for .*newsletter.*|"
    r"(this (web)?site|we) uses? cookies.*|.*accept (all )?cookies.*|cookie (policy|settings).*|"
    r"you must be logged in to post a comment.*|your email address will not be published.*|"
    r"required fields are marked.*|post navigation|previous (post|article)|next (post|article)|"
    r"categories:?|tags:?.*|follow us( on .*)?|all rights reserved.*|©.*|copyright ©?.*|"
    r"share this (story|article) (comments|close button)|close( button)?|comments?|published on|"
    r"published|on|by|share|facebook|twitter|whatsapp|linkedin|telegram|reddit)\s*$",
    re.IGNORECASE)

ENGLISH_WORDS = set("""the of and to in a is that for on with as by was were it at from has have
are be this which or an its not but their been had they will would said after he she his her
who also than more about into over against between during""".split())


# A dateline or agency tag before a line ("MEHR: ", "KABUL (AP) — "), set aside when lines are
# compared: a lede repeated under its agency's tag is the same line.
DATELINE = re.compile(r"^[A-Z][A-Z.\-]+(?: [A-Z][A-Z.\-]+){0,2}(?: \([A-Za-z. ]{2,20}\))?(?::| [–—-]) +")


def _unrepeated(lines: list[str]) -> list[str]:
    """Lines a web page repeats (a photo caption shown twice, the second time with its
    credit; a pull quote; a lede again under its agency's tag) told once: a line of five or
    more words that an earlier line already said is dropped, and when it only adds to an
    earlier line, only what it adds is kept."""
    seen: dict[tuple[str, ...], list[str]] = {}   # first five words -> earlier lines
    out = []
    for ln in lines:
        words = DATELINE.sub("", ln).split()
        if len(words) >= 5:
            key, earlier = " ".join(words), seen.setdefault(tuple(words[:5]), [])
            if key in earlier:
                continue
            prior = next((p for p in earlier if key.startswith(p + " ")), None)
            if prior is not None:
                ln = key[len(prior):].strip()
                if FURNITURE.match(ln):
                    continue
            else:
                earlier.append(key)
        out.append(ln)
    return out


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    kept = _unrepeated([ln for ln in lines if not FURNITURE.match(ln)])
    out = "\n".join(kept)
    out = re.sub(r"[ \t]+", " ", out)
    out = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", out)
    return out.strip()


def content_hash(text: str) -> str:
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def problem(text: str) -> str | None:
    """Why this text can't be treated as an English article, or None."""
    if not text.strip():
        return "empty"
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 8:
        return f"too short ({len(words)} words)"
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if c < "\u0250")
    if letters and latin / len(letters) < 0.7:
        return "not English (mostly non-Latin script)"
    lower = [w.lower() for w in words]
    share = sum(1 for w in lower if w in ENGLISH_WORDS) / len(lower)
    if share < 0.08:
        return f"not English (English function words {share:.0%})"
    return None


def looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and ctrl / len(head) > 0.05
