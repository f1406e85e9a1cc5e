"""Actor subcommands: list, profile, merge/split decisions, knowledge-base import and check."""
from __future__ import annotations

from pathlib import Path

from .core import _db, _db_arg


def _store(args, read_only: bool = True):
    from ..store import Store

    return Store(_db(args), read_only=read_only)


def cmd_actors(args) -> int:
    from ..store.curation import Curator

    if args.action == "merge":
        if len(args.names) != 2:
            raise ValueError("usage: dyad actors merge KEEP OTHER")
        with _store(args, read_only=False) as s:
            c = Curator(s)
            keep, other = (c.find_actor(n) or n for n in args.names)
            did = c.add_decision("merge", keep, other, by="user", note=args.note)
            from .. import fuse
            fuse.run(s)
        print(f"decision {did}: {other} merged into {keep} (undo with `dyad actors undo {did}`)")
        return 0
    if args.action == "split":
        if len(args.names) != 2:
            raise ValueError("usage: dyad actors split ACTOR ALIAS")
        with _store(args, read_only=False) as s:
            c = Curator(s)
            actor = c.find_actor(args.names[0]) or args.names[0]
            did = c.add_decision("split", actor, alias=args.names[1], by="user", note=args.note)
            from .. import fuse
            fuse.run(s)
        print(f"decision {did}: mentions of {actor} written {args.names[1]!r} are now their own actor "
              f"(undo with `dyad actors undo {did}`)")
        return 0
    if args.action == "undo":
        if len(args.names) != 1 or not args.names[0].isdigit():
            raise ValueError("usage: dyad actors undo DECISION_ID")
        with _store(args, read_only=False) as s:
            Curator(s).undo_decision(int(args.names[0]))
            from .. import fuse
            fuse.run(s)
        print(f"decision {args.names[0]} undone")
        return 0
    if args.action == "decisions":
        with _store(args, read_only=False) as s:
            rows = Curator(s).decisions()
        for d in rows:
            what = f"{d['other']} → {d['actor']}" if d["kind"] == "merge" else f"{d['actor']} / {d['alias']!r}"
            state = "undone" if d["undone"] else "active"
            print(f"{d['id']:>4}  {d['kind']:<6} {what}  by {d['decided_by']} at {d['decided_at']:%Y-%m-%d %H:%M} ({state})")
        if not rows:
            print("no decisions yet")
        return 0
    with _store(args) as s:
        rows = Curator(s).actor_list(args.search, args.kind, args.limit)
    print(f"{'id':<40} {'kind':<12} {'country':<7} {'sector':<6} {'events':>6} {'mentions':>8}  name")
    for r in rows:
        print(f"{r['id'][:40]:<40} {r['kind']:<12} {r['country'] or '':<7} {r['sector'] or '':<6} "
              f"{r['events']:>6} {r['mentions']:>8}  {r['name']}")
    return 0


def cmd_actor(args) -> int:
    from ..kb import default as default_kb
    from ..store.curation import Curator

    with _store(args) as s:
        c = Curator(s)
        aid = c.find_actor(args.name)
        if aid is None:
            hits = c.actor_list(args.name, None, 10)
            if not hits:
                raise ValueError(f"no actor named {args.name!r}")
            if len(hits) > 1 and hits[0]["name"].lower() != args.name.lower():
                names = ", ".join(f"{h['name']} ({h['id']})" for h in hits[:6])
                raise ValueError(f"{args.name!r} is ambiguous: {names}")
            aid = hits[0]["id"]
        p = c.actor_profile(aid)
    kb = default_kb()
    a = kb.actors.get(aid)
    print(f"{p['name']}  [{p['id']}]  {p['kind']}"
          + (f", {p['country']}" if p["country"] else "") + (f", sector {p['sector']}" if p["sector"] else "")
          + f"  (from {'the knowledge base' if p['origin'] == 'kb' else 'the text'})")
    if a is not None:
        print(f"CAMEO code today: {a.code(None, kb)}")
    print("aliases seen: " + ("; ".join(p["aliases"]) or "-"))
    roles = [(r.start, r.end, r.title, r.org, "knowledge base") for r in (a.roles if a else [])]
    roles += [(r["start_date"], r["end_date"], r["title"], r["org"], f"{r['doc_id']}: {r['evidence'][:100]}")
              for r in p["roles"]]
    if roles:
        print("roles over time:")
        for start, end, title, org, src in sorted(roles, key=lambda r: r[0] or ""):
            print(f"  {start or '?':<10} – {end or '':<10} {title}{' (' + org + ')' if org else ''}  [{src}]")
    print(f"events: {p['events']}")
    if p["partners"]:
        print("main partners (events: cooperation / conflict):")
        for q in p["partners"]:
            print(f"  {q['events']:>4}  {q['name']}  {q['cooperation']} / {q['conflict']}")
    return 0


def cmd_kb(args) -> int:
    from .. import kb as kb_mod

    if args.action == "check":
        folders = [Path(f) for f in args.paths] or [kb_mod.DATA / "kb", *kb_mod.extra_folders()]
        k = kb_mod.load(*folders)
        kinds = {}
        for a in k.actors.values():
            kinds[a.kind] = kinds.get(a.kind, 0) + 1
        plural = {"country": "countries", "organization": "organizations", "person": "persons"}
        print("knowledge base OK: " + ", ".join(f"{n} {plural.get(kind, kind + 's')}"
                                               for kind, n in sorted(kinds.items())))
        return 0
    from ..kb_import import convert, parse, write

    if len(args.paths) != 1:
        raise ValueError("usage: dyad kb import FILE [--out FOLDER]")
    src = Path(args.paths[0])
    if not src.is_file():
        raise ValueError(f"{src}: no such file")
    entries = parse(src.read_text(encoding="utf-8", errors="replace"), str(src))
    res = convert(entries, kb_mod.default())
    out = Path(args.out)
    paths = write(res, out, stem=src.stem.lower().replace(" ", "_"))
    kb_mod.load(kb_mod.DATA / "kb", *kb_mod.extra_folders(), out)  # the result must load cleanly
    print(f"read {len(entries)} entries: {len(res.persons)} persons, {len(res.organizations)} organisations "
          f"written to {', '.join(map(str, paths)) or '(nothing)'}; {len(res.skipped)} left out")
    for line in res.skipped[:15]:
        print(f"  {line}")
    if len(res.skipped) > 15:
        print(f"  ... and {len(res.skipped) - 15} more")
    print(f"use it with: export DYAD_KB_PATH={out.resolve()}")
    return 0


def register(sub) -> None:
    sp = sub.add_parser("actors", help="list actors; merge, split and undo actor decisions",
                        description="Without an action: list actors (most active first). Actions: "
                                    "`merge KEEP OTHER` (OTHER becomes KEEP), `split ACTOR ALIAS` (mentions "
                                    "written ALIAS become their own actor), `undo ID`, `decisions`. "
                                    "Decisions are stored with the data and re-applied on every ingest.")
    sp.add_argument("action", nargs="?", choices=["list", "merge", "split", "undo", "decisions"], default="list")
    sp.add_argument("names", nargs="*", help="actor ids, names or aliases (see the action)")
    sp.add_argument("--search", help="text in an actor's name, id or aliases")
    sp.add_argument("--kind", choices=["person", "organization", "country"])
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--note", help="why (kept with the decision)")
    _db_arg(sp)
    sp.set_defaults(func=cmd_actors)

    sp = sub.add_parser("actor", help="profile of one actor",
                        description="Aliases, roles over time with their evidence, number of events, and "
                                    "main partners with cooperation/conflict counts.")
    sp.add_argument("name", help="actor id, name or alias")
    _db_arg(sp)
    sp.set_defaults(func=cmd_actor)

    sp = sub.add_parser("kb", help="knowledge base: import a CAMEO actor dictionary, or check files",
                        description="`import FILE`: convert a PETRARCH/Phoenix actor dictionary (NAME_ lines, "
                                    "+synonyms, [CODE yymmdd-yymmdd]) into knowledge-base YAML in --out; add "
                                    "that folder to DYAD_KB_PATH to use it. `check [FOLDER...]`: validate.")
    sp.add_argument("action", choices=["import", "check"])
    sp.add_argument("paths", nargs="*")
    sp.add_argument("--out", default="kb-extra", help="folder for the converted files (default ./kb-extra)")
    sp.set_defaults(func=cmd_kb)
