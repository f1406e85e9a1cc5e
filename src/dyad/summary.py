"""A plain-text summary of a store: top actors, top dyads, a dated timeline with sources."""
from __future__ import annotations

from .store import Store


def render(db: str, top: int = 10, timeline: int = 25) -> str:
    with Store(db, read_only=True) as s:
        counts = s.counts()
        span = s.rows("SELECT min(date) AS lo, max(date) AS hi FROM events WHERE date IS NOT NULL")[0]
        actors = s.rows("""
            SELECT a.name, a.kind, a.country, count(*) AS n FROM (
                SELECT source AS id FROM events UNION ALL SELECT target FROM events WHERE target IS NOT NULL) e
            JOIN actors a USING (id) GROUP BY ALL ORDER BY n DESC, a.name LIMIT ?""", [top])
        dyads = s.rows("""
            SELECT sa.name AS src, ta.name AS tgt, count(DISTINCT e.cluster) AS events,
                   count(DISTINCT e.cluster) FILTER (WHERE e.quad_class <= 2) AS coop,
                   count(DISTINCT e.cluster) FILTER (WHERE e.quad_class >= 3) AS conflict
            FROM events e JOIN actors sa ON sa.id = e.source JOIN actors ta ON ta.id = e.target
            GROUP BY ALL ORDER BY events DESC, src, tgt LIMIT ?""", [top])
        rows = s.rows("""
            SELECT c.id AS cluster, c.date, sa.name AS src, ta.name AS tgt, c.code, c.mentions,
                   c.credibility, array_to_string(c.outlets, '; ') AS sources
            FROM clusters c JOIN actors sa ON sa.id = c.source LEFT JOIN actors ta ON ta.id = c.target
            WHERE c.date IS NOT NULL ORDER BY c.mentions DESC, c.sources DESC, c.date, c.id LIMIT ?""", [timeline])
    from .ontology import code_info

    out = [f"{counts['documents']} documents, {counts['actors']} actors, {counts['events']} event mentions"
           + (f", {span['lo']} to {span['hi']}" if span["lo"] else "")]
    out.append("\nTop actors (events as source or target):")
    for a in actors:
        out.append(f"  {a['n']:>4}  {a['name']} ({a['kind']}{', ' + a['country'] if a['country'] else ''})")
    out.append("\nTop dyads (distinct events: cooperation / conflict):")
    for d in dyads:
        out.append(f"  {d['events']:>4}  {d['src']} → {d['tgt']}   {d['coop']} / {d['conflict']}")
    out.append("\nTimeline of the most reported events:")
    for r in sorted(rows, key=lambda r: (r["date"], r["cluster"])):
        name = code_info(r["code"]).name
        tgt = f" → {r['tgt']}" if r["tgt"] else ""
        out.append(f"  {r['date']:<10}  {r['src']}{tgt}: {name} [{r['code']}]  "
                   f"({r['mentions']} mention{'s' if r['mentions'] != 1 else ''}; {r['sources'] or 'unknown outlet'}; "
                   f"credibility {r['credibility']})")
    return "\n".join(out)
