// Event detail: the event, every mention's sentence highlighted inside its article, outlet,
// publication date, credibility when the store has it, and the conflicts about the event.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { section, quadBadge, eventTitle, actorLink, dyadLink } from "../ui.js";
import { articleHeader, articleBody, scrollToCurrent } from "../article.js";
import { conflictList } from "./conflicts.js";

function field(label, value, cls) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", { class: cls || null }, value)];
}

export async function render(el, args) {
  const d = await get(`events/${encodeURIComponent(args[0] || "")}`);
  const e = d.event;
  el.dataset.title = `${e.source_name} ${e.code_name}`;
  const mentionsByDoc = new Map();
  for (const m of d.mentions) {
    if (!mentionsByDoc.has(m.doc_id)) mentionsByDoc.set(m.doc_id, []);
    mentionsByDoc.get(m.doc_id).push(m);
  }
  // credibility: the mention's own (events.credibility) or the fused cluster's (clusters table)
  const fusion = d.fusion || {};
  const credibility = e.credibility ?? fusion.credibility;
  const credibilityText = credibility === undefined || credibility === null ? null
    : `${credibility}${fusion.credibility_reason && e.credibility == null ? ` (${fusion.credibility_reason})` : ""}`;
  el.append(
    h("h1", { class: "event-heading" }, eventTitle(e)),
    h("div", { class: "event-facts" },
      h("dl", {},
        field("quad class", quadBadge(e.quad_class)),
        field("CAMEO", `${e.code} ${e.code_name || ""} (root ${e.root} ${e.root_name || ""})`),
        field("PLOVER", e.plover),
        field("Goldstein", e.goldstein),
        field("date", e.date ? `${e.date} (${e.date_precision || "?"}, ${e.date_basis}${e.date_text ? `: “${e.date_text}”` : ""})` : "undated"),
        field("place", e.place ? `${e.place}${e.place_country ? ` (${e.place_country})` : ""}` : null),
        field("trigger", e.trigger),
        field("attribution", e.attribution),
        field("confidence", e.confidence),
        field("credibility", credibilityText, "credibility"),
        fusion.sources !== undefined && fusion.sources !== null ? field("independent sources", String(fusion.sources)) : null,
        field("actor codes", `${e.source_code || "—"} → ${e.target_code || "—"}`),
        field("reported", `${d.mentions.length} mention${d.mentions.length === 1 ? "" : "s"} in ${d.sources} article${d.sources === 1 ? "" : "s"}`),
      ),
      h("p", {}, actorLink(e.source, e.source_name), e.target ? [" · ", actorLink(e.target, e.target_name), " · ",
        dyadLink(e.source, e.target, "dyad view")] : null)),
    section("Conflicts between sources", conflictList(d.conflicts, d.conflicts.length)),
    section(`Reports (${d.documents.length})`,
      d.documents.map((doc) => {
        const ms = mentionsByDoc.get(doc.id) || [];
        const ranges = ms.map((m) => ({ start: m.sent_start, end: m.sent_end, event: m.id,
          class: `evidence q${m.quad_class}${m.id === e.id ? " current" : ""}`,
          title: `${m.source_name}${m.target_name ? " → " + m.target_name : ""}: ${m.code_name} [${m.code}]` }));
        const mentionFacts = ms.map((m) => h("li", {},
          h("span", { class: "muted" }, m.date || "undated"), " ", m.code_name || m.code,
          m.trigger ? [" · trigger “", m.trigger, "”"] : null,
          m.attribution ? [" · according to ", m.attribution] : null,
          "credibility" in m && m.credibility !== null ? [" · credibility ", String(m.credibility)] : null));
        return h("article", { class: "article report" }, articleHeader(doc),
          h("ul", { class: "mention-facts" }, mentionFacts),
          articleBody(doc, ranges),
          h("p", {}, link("open the article →", route("document", doc.id,
            { event: (ms.find((m) => m.id === e.id) || ms[0] || {}).id }), { class: "open-article" })));
      })),
  );
}

export function afterMount(el) {
  scrollToCurrent(el);
}
