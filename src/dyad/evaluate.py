"""dyad's own scorer for a gold folder in the shared gold format (docs, actors, events,
conflicts JSONL). Its event, actor and date figures follow the same rules as the shared
scorer (CAMEO root match, any acceptable actor id, dates compatible at month precision or
better, one-to-one matching per document) and it also lists misses and false alarms by root.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HONORIFICS = {"mullah", "mulla", "maulvi", "mawlawi", "sheikh", "shaikh", "mr", "mrs", "ms", "dr", "gen",
              "general", "ayatollah", "haji", "hajji", "sir", "amb", "the"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def name_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['\u2019]s\b", "", s)
    s = re.sub(r"['\u2019`]", "", s)
    return " ".join(w for w in re.sub(r"[^a-z0-9]+", " ", s).split() if w not in HONORIFICS)


def read_jsonl(folder: Path, name: str) -> list[dict]:
    p = Path(folder) / name
    if not p.exists():
        return []
    rows = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{p}:{n}: not JSON ({e})") from e
    return rows


def listify(v) -> list:
    return [] if v is None else v if isinstance(v, list) else [v]


def root_of(code) -> str:
    return re.sub(r"\D", "", str(code or ""))[:2]


def dates_agree(pred, gold) -> bool:
    if not gold:
        return True
    if not pred or not ISO_DATE.match(str(pred)):
        return False
    p, g = str(pred), str(gold)
    return p.startswith(g) or (g.startswith(p) and len(p) >= 7)


class AliasMap:
    def __init__(self, gold_actors: list[dict], pred_actors: list[dict]):
        self.alias: dict[str, set[str]] = defaultdict(set)
        self.iso: dict[str, set[str]] = defaultdict(set)
        for a in gold_actors:
            for n in [a.get("name", ""), a["id"].replace("_", " "), *a.get("aliases", [])]:
                if name_key(n):
                    self.alias[name_key(n)].add(a["id"])
            if a.get("kind") == "country" and a.get("country"):
                self.iso[str(a["country"]).upper()].add(a["id"])
        self.pred = {str(a.get("id")): a for a in pred_actors}

    def gold_ids(self, ref) -> set[str]:
        if ref in (None, ""):
            return set()
        obj = ref if isinstance(ref, dict) else self.pred.get(str(ref), {"name": str(ref)})
        names = [obj.get("name", ""), *(obj.get("aliases") or [])]
        if obj.get("kind") == "country" and obj.get("country"):
            names.append(str(obj["country"]))
        out: set[str] = set()
        for n in filter(None, names):
            out |= self.alias.get(name_key(n), set())
            if len(n) == 3 and n.isupper():
                out |= self.iso.get(n, set())
        return out

    def ok(self, ref, gold: list) -> bool:
        return not gold or bool(self.gold_ids(ref) & set(gold))


def _matching(ok, n_pred: int, n_gold: int, prefer) -> list[tuple[int, int]]:
    cand = [sorted((j for j in range(n_gold) if ok(i, j)), key=lambda j, i=i: -prefer(i, j)) for i in range(n_pred)]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in cand[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in sorted(range(n_pred), key=lambda k: len(cand[k])):
        place(i, set())
    return [(i, j) for j, i in owner.items()]


def _words(text) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", str(text or "").lower()))


def _overlap(a, b) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


@dataclass
class Score:
    tp: int
    pred: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    levels: dict[str, Score] = field(default_factory=dict)
    dedup: Score | None = None
    actors: dict = field(default_factory=dict)
    conflicts_found: int = 0
    conflicts_gold: int = 0
    published_ok: int = 0
    docs_gold: int = 0
    misses: list[dict] = field(default_factory=list)
    false_alarms: list[dict] = field(default_factory=list)

    def lines(self, details: bool = False) -> list[str]:
        out = [f"{'measure':<16}{'P':>7}{'R':>7}{'F1':>7}   (tp/pred/gold)"]
        for k, s in [*self.levels.items(), ("dedup", self.dedup)]:
            if s is not None:
                out.append(f"{k:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}   ({s.tp}/{s.pred}/{s.gold})")
        a = self.actors
        out.append(f"actors: {a['found']}/{a['gold']} gold actors found (recall {a['recall']:.3f}), "
                   f"{a['per_found']:.2f} exported actors per found one, {a['ambiguous']} ambiguous")
        out.append(f"conflicts: {self.conflicts_found}/{self.conflicts_gold} found")
        out.append(f"publication dates right: {self.published_ok}/{self.docs_gold}")
        if details:
            miss = Counter(root_of(listify(g.get("cameo"))[0]) for g in self.misses)
            fa = Counter(root_of(p.get("cameo")) for p in self.false_alarms)
            out.append("")
            out.append("by CAMEO root (typed level): root  misses  false-alarms")
            for r in sorted(set(miss) | set(fa)):
                out.append(f"  {r}  {miss.get(r, 0):>6}  {fa.get(r, 0):>12}")
            out.append("")
            out.append("misses (gold events not found):")
            for g in self.misses:
                out.append(f"  [{g['doc']} {','.join(listify(g.get('cameo')))}] {g.get('evidence', '')[:110]}")
            out.append("false alarms (exported events matching no gold event):")
            for p in self.false_alarms:
                out.append(f"  [{p.get('doc')} {p.get('cameo')} {p.get('source')}->{p.get('target')}] "
                           f"{str(p.get('evidence', ''))[:110]}")
        return out


def _events(gold_ev, pred_ev, amap: AliasMap, level: str):
    gold_by, pred_by = defaultdict(list), defaultdict(list)
    for g in gold_ev:
        gold_by[g["doc"]].append(g)
    for p in pred_ev:
        d = p.get("doc") or p.get("doc_id")
        if d in gold_by:
            pred_by[d].append(p)
    pairs = []
    for d in gold_by:
        G, P = gold_by[d], pred_by[d]

        def ok(i, j, G=G, P=P):
            g, p = G[j], P[i]
            roots = {root_of(c) for c in listify(g.get("cameo"))}
            if level != "dyad" and root_of(p.get("cameo")) not in roots:
                return False
            direct = amap.ok(p.get("source"), g.get("source", [])) and amap.ok(p.get("target"), g.get("target", []))
            swapped = "04" in roots and amap.ok(p.get("target"), g.get("source", [])) and amap.ok(
                p.get("source"), g.get("target", []))
            if not (direct or swapped):
                return False
            return level != "dated" or dates_agree(p.get("date"), g.get("date"))

        for i, j in _matching(ok, len(P), len(G), lambda i, j, G=G, P=P: _overlap(P[i].get("evidence"), G[j].get("evidence"))):
            pairs.append((P[i], G[j]))
    n_pred = sum(len(v) for v in pred_by.values())
    return Score(len(pairs), n_pred, len(gold_ev)), pairs, [p for v in pred_by.values() for p in v]


def _dedup(pairs) -> Score:
    items = [(p.get("cluster"), g.get("event_key"), g["doc"]) for p, g in pairs]
    tp = fp = fn = 0
    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (c1, k1, d1), (c2, k2, d2) = items[x], items[y]
            if d1 == d2:
                continue
            same_gold, same_pred = bool(k1) and k1 == k2, c1 is not None and c1 == c2
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return Score(tp, tp + fp, tp + fn)


def _same_claim(a, b) -> bool:
    a, b = str(a).strip().lower(), str(b).strip().lower()
    if ISO_DATE.match(a) and ISO_DATE.match(b):
        return a.startswith(b) or b.startswith(a)
    da = re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d)", "", a))
    db = re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d)", "", b))
    if da and db:
        return da[0] == db[0]
    wa, wb = set(name_key(a).split()), set(name_key(b).split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def evaluate(gold_dir: str | Path, pred_dir: str | Path) -> Report:
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    ga, pa = read_jsonl(gold_dir, "actors.jsonl"), read_jsonl(pred_dir, "actors.jsonl")
    ge, pe = read_jsonl(gold_dir, "events.jsonl"), read_jsonl(pred_dir, "events.jsonl")
    amap = AliasMap(ga, pa)
    rep = Report()
    for level in ("dyad", "typed", "dated"):
        score, pairs, considered = _events(ge, pe, amap, level)
        rep.levels[f"events_{level}"] = score
        if level == "typed":
            rep.dedup = _dedup(pairs)
            matched_g = {id(g) for _, g in pairs}
            matched_p = {id(p) for p, _ in pairs}
            rep.misses = [g for g in ge if id(g) not in matched_g]
            rep.false_alarms = [p for p in considered if id(p) not in matched_p]
    found: Counter = Counter()
    ambiguous = 0
    for a in pa:
        ids = amap.gold_ids(a.get("id"))
        ambiguous += len(ids) > 1
        for i in ids:
            found[i] += 1
    hit = [a["id"] for a in ga if found.get(a["id"])]
    rep.actors = {"gold": len(ga), "found": len(hit), "recall": len(hit) / len(ga) if ga else 0.0,
                  "per_found": sum(found[i] for i in hit) / len(hit) if hit else 0.0, "ambiguous": ambiguous,
                  "missed": sorted(a["id"] for a in ga if not found.get(a["id"]))}
    gc, pc = read_jsonl(gold_dir, "conflicts.jsonl"), read_jsonl(pred_dir, "conflicts.jsonl")
    rep.conflicts_gold = len(gc)
    for g in gc:
        claims = [(c.get("doc"), str(c.get("value", ""))) for c in g.get("claims", [])]
        for p in pc:
            pcl = [(c.get("doc"), str(c.get("value", ""))) for c in p.get("claims", [])]
            hits = [(d, v) for d, v in claims if any(d == pd and _same_claim(v, pv) for pd, pv in pcl)]
            if len(hits) >= 2 and len({v.lower() for _, v in hits}) >= 2:
                rep.conflicts_found += 1
                break
    gd, pd_ = read_jsonl(gold_dir, "docs.jsonl"), read_jsonl(pred_dir, "docs.jsonl")
    pub = {d.get("doc"): d.get("published") for d in pd_}
    rep.docs_gold = len(gd)
    rep.published_ok = sum(1 for d in gd if dates_agree(pub.get(d["doc"]), d.get("published")))
    return rep
