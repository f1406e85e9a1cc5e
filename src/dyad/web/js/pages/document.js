// One article with every event sentence marked; ?event=<id> marks that one as current.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { section, eventTable } from "../ui.js";
import { articleHeader, articleBody, scrollToCurrent } from "../article.js";

export async function render(el, args, params) {
  const doc = await get(`documents/${encodeURIComponent(args[0] || "")}`);
  el.dataset.title = doc.title || doc.id;
  const current = params.event;
  const seen = new Set();
  const ranges = [];
  for (const e of doc.events) {
    const key = `${e.sent_start}-${e.sent_end}`;
    const isCurrent = e.id === current;
    if (seen.has(key) && !isCurrent) continue;
    seen.add(key);
    ranges.push({ start: e.sent_start, end: e.sent_end, event: e.id,
      class: `evidence q${e.quad_class}${isCurrent ? " current" : ""}`,
      title: `${e.source_name}${e.target_name ? " → " + e.target_name : ""}: ${e.code_name} [${e.code}]` });
  }
  const body = articleBody(doc, ranges);
  body.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark[data-event]");
    if (mark) location.hash = route("event", mark.dataset.event);
  });
  el.append(
    h("p", { class: "crumbs" }, link("← articles", route("documents"))),
    h("article", { class: "article" }, articleHeader(doc), body),
    section(`Events coded in this article (${doc.events.length})`, eventTable(doc.events, { doc: false })),
  );
}

export function afterMount(el) {
  scrollToCurrent(el);
}
