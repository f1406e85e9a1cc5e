// Conflicts between sources (a `conflicts` table: id, about, cluster, kind, claims JSON): the
// Conflicts page lists them all, the overview and the event detail show theirs. Claims are shown
// as text.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { pager, pick } from "../ui.js";

function claimValue(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function side(claim, i) {
  if (claim === null || typeof claim !== "object") return h("li", { class: "side" }, claimValue(claim));
  return h("li", { class: "side" },
    h("dl", {}, Object.entries(claim).map(([k, v]) => [h("dt", {}, k),
      h("dd", {}, (k === "doc" || k === "doc_id") && typeof v === "string" ? link(v, route("document", v)) : claimValue(v))])));
}

export function conflictList(items, total) {
  if (!items || !items.length) {
    return h("p", { class: "muted empty conflicts-empty" }, "No conflicts between sources recorded.");
  }
  return h("div", { class: "conflicts" },
    total > items.length ? h("p", { class: "muted" }, `${items.length} of ${total}`) : null,
    items.map((c) => {
      const claims = Array.isArray(c.claims) ? c.claims
        : (c.claims && typeof c.claims === "object" ? Object.entries(c.claims).map(([k, v]) => ({ side: k, claim: v }))
          : [c.claims]);
      return h("article", { class: "conflict-card" },
        h("h3", {}, c.kind ? h("span", { class: "badge kind" }, c.kind) : null, " ", claimValue(c.about)),
        c.event_id ? h("p", {}, link("the event and its reports →", route("event", c.event_id))) : null,
        h("ol", { class: "sides" }, claims.map(side)));
    }));
}

export async function render(el, args, params) {
  el.dataset.title = "conflicts";
  const page = await get("conflicts", { ...pick(params, ["offset"]), limit: 50 });
  el.append(
    h("h1", {}, "Conflicts between sources"),
    h("p", { class: "muted" }, "Where reports of one event (or one article) disagree on a date, a place, a number, "
      + "an actor or an office holder: each side with its document, value and sentence."),
    pager(page, "conflicts", {}),
    conflictList(page.items, page.total));
}
