"""Readers: paths (files, folders, JSONL feeds) to Documents, or Skips with a reason.

.txt and .md files may start with a front-matter block (``---`` lines around ``key: value``
pairs: title, published/date, outlet, url). HTML goes through trafilatura.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import Document, Skip
from . import pubdate
from .clean import clean_text, content_hash, looks_binary, problem

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = 5_000_000
FRONT = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)
META_KEYS = {"title", "published", "date", "outlet", "url", "source", "id"}


def _decode(raw: bytes) -> str | None:
    for enc in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    try:  # a common legacy encoding, only if the result looks like text
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if not re.search(r"[\x80-\x9f]", text) else None


def _front_matter(text: str) -> tuple[dict, str]:
    m = FRONT.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group("body").splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip().lower() in META_KEYS:
            meta[k.strip().lower()] = v.strip().strip("'\"")
    return meta, text[m.end():]


def make_document(doc_id: str, text: str, meta: dict, where: str) -> Document | Skip:
    text = clean_text(text)
    why = problem(text)
    if why:
        return Skip(where, why)
    published = pubdate.normalise(meta.get("published") or meta.get("date"))
    basis = "stated" if published else None
    if not published:
        published, basis = pubdate.infer(text, meta.get("url"))
    return Document(id=doc_id, text=text, title=meta.get("title") or None, url=meta.get("url") or None,
                    outlet=meta.get("outlet") or meta.get("source") or None, published=published,
                    published_basis=basis, source_path=where, content_hash=content_hash(text))


def _read_html(path: Path, raw: bytes) -> Document | Skip:
    import trafilatura

    html = _decode(raw)
    if html is None:
        return Skip(str(path), "undecodable HTML")
    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                            with_metadata=True)
    if extracted is None:
        return Skip(str(path), "no article text found in HTML")
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    meta = {"title": data.get("title"), "published": data.get("date"), "outlet": data.get("sitename"),
            "url": data.get("url")}
    return make_document(path.stem, data.get("text") or "", meta, str(path))


def _read_text(path: Path, raw: bytes) -> Document | Skip:
    text = _decode(raw)
    if text is None:
        return Skip(str(path), "undecodable text (not UTF-8)")
    meta, body = _front_matter(text)
    return make_document(meta.get("id") or path.stem, body, meta, str(path))


def _read_jsonl(path: Path) -> Iterator[Document | Skip]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                yield Skip(where, f"malformed JSONL line ({e.__class__.__name__})")
                continue
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                yield Skip(where, "JSONL line has no 'text' string")
                continue
            doc_id = str(row.get("id") or f"{path.stem}-{n}")
            yield make_document(doc_id, row["text"], row, where)


def read_path(path: Path) -> Iterator[Document | Skip]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        yield Skip(str(path), f"unsupported file type {suffix or '(none)'}")
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skip(str(path), f"too large ({size} bytes > {MAX_BYTES})")
            return
        raw = path.read_bytes()
    except OSError as e:
        yield Skip(str(path), f"unreadable: {e.strerror}")
        return
    if looks_binary(raw):
        yield Skip(str(path), "binary file")
        return
    yield _read_html(path, raw) if suffix in HTML_SUFFIXES else _read_text(path, raw)


def read_sources(paths: list[str | Path]) -> Iterator[Document | Skip]:
    """Every document under the given paths, folders recursively, in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                yield from read_path(f)
        elif p.is_file():
            yield from read_path(p)
        else:
            yield Skip(str(p), "no such file or directory")
