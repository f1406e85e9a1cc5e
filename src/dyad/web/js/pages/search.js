// Search over article text and evidence sentences; the match is marked, as text.
import { h, route, link, markedText } from "../dom.js";
import { get } from "../api.js";
import { section, pager, eventTitle } from "../ui.js";

function markAll(text, q) {
  const ranges = [];
  const lower = text.toLowerCase(), needle = q.toLowerCase();
  let i = lower.indexOf(needle);
  while (i >= 0 && needle) { ranges.push({ start: i, end: i + needle.length, class: "match" }); i = lower.indexOf(needle, i + needle.length); }
  return markedText(text, ranges);
}

export async function render(el, args, params) {
  const q = (params.q || "").trim();
  el.dataset.title = `search ${q}`;
  const input = document.getElementById("search-q");
  if (input && input.value !== q) input.value = q;
  el.appendChild(h("h1", {}, "Search"));
  if (q.length < 2) {
    el.appendChild(h("p", { class: "muted" }, "Type at least two characters in the search box."));
    return;
  }
  const r = await get("search", { q, offset: params.offset, limit: 25 });
  el.append(
    h("p", { class: "muted" }, `“${q}”: ${r.documents.total} article(s), ${r.evidence.total} evidence sentence(s).`),
    section("Articles",
      r.documents.items.length ? h("ol", { class: "hits" }, r.documents.items.map((d) => h("li", {},
        link(d.title || d.id, route("document", d.id)), " ",
        h("span", { class: "muted" }, `${d.outlet || ""} ${d.published || ""} · ${d.hits} match(es)`),
        h("blockquote", { class: "snippet" }, d.snippet_start > 0 ? "…" : "", markAll(d.snippet || "", q), "…"))))
        : h("p", { class: "muted empty" }, "No article contains it.")),
    section("Evidence sentences",
      r.evidence.items.length ? h("ol", { class: "hits" }, r.evidence.items.map((e) => h("li", {},
        eventTitle(e), " ", h("span", { class: "muted" }, e.date || "undated"), " ",
        link("open", route("event", e.id), { class: "open-event" }),
        h("blockquote", { class: "snippet" }, markAll(e.evidence || "", q)))))
        : h("p", { class: "muted empty" }, "No evidence sentence contains it.")),
    pager({ total: Math.max(r.documents.total, r.evidence.total), limit: 25, offset: Number(params.offset || 0) },
      "search", { q }));
}
