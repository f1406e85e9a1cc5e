// Shared pieces of the pages: links, badges, event tables, pager, filter form, notices.
import { h, route, link, clear } from "./dom.js";
import { meta } from "./api.js";

export const QUADS = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};
export const QUAD_COLOURS = { 1: "#5aa469", 2: "#1f6f3f", 3: "#e6933a", 4: "#b8322a" };
export const COOP = "#2f8f56";
export const CONFLICT = "#c0392b";
export const INSTALL_HINT = "npm ci --prefix web";

export function quadBadge(q) {
  if (!q) return h("span", { class: "badge" }, "?");
  return h("span", { class: `badge q${q}`, title: QUADS[q] }, `Q${q} ${QUADS[q]}`);
}

export function actorLink(id, name) {
  if (!id) return h("span", { class: "muted" }, "—");
  return link(name || id, route("actor", id), { class: "actor" });
}

export function dyadLink(a, b, text) {
  return link(text || "dyad view", route("dyad", a, b), { class: "dyad-link" });
}

export function eventTitle(e) {
  return h("span", { class: "event-title" },
    actorLink(e.source, e.source_name),
    e.target ? [" → ", actorLink(e.target, e.target_name)] : null,
    ": ", e.code_name || e.code, " ", h("code", {}, `[${e.code}]`));
}

export function dateText(e) {
  if (!e.date) return "undated";
  return e.date;
}

/** A table of event mentions or clusters; each row links to the event detail. */
export function eventTable(items, opts = {}) {
  if (!items.length) return h("p", { class: "muted empty" }, opts.empty || "No events match.");
  const rows = items.map((e) => {
    const id = e.event_id || e.id;
    return h("tr", { class: `event-row q${e.quad_class}`, dataset: { event: id } },
      h("td", { class: "nowrap" }, dateText(e)),
      h("td", {}, eventTitle(e)),
      h("td", {}, quadBadge(e.quad_class)),
      h("td", { class: "evidence" }, clip(e.evidence, 220)),
      h("td", { class: "num", title: "mentions / sources" },
        `${e.mentions ?? e.cluster_mentions} / ${e.sources ?? e.cluster_sources}`),
      h("td", {}, opts.doc === false ? null : h("span", { class: "muted" }, e.outlet || "", " ", e.published || e.first_report || "")),
      h("td", {}, link("open", route("event", id), { class: "open-event" })));
  });
  return h("table", { class: "events" },
    h("thead", {}, h("tr", {}, ["date", "event", "quad class", "evidence", "mentions / sources", "report", ""]
      .map((t) => h("th", {}, t)))),
    h("tbody", {}, rows));
}

export function clip(text, n) {
  if (!text) return "";
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

/** "1–50 of 149" with previous/next links that change `offset` in the current route. */
export function pager(page, baseRoute, params) {
  const { total, limit, offset } = page;
  const parts = Array.isArray(baseRoute) ? baseRoute : [baseRoute];
  const end = Math.min(total, offset + limit);
  const nav = h("div", { class: "pager" }, total ? `${offset + 1}–${end} of ${total}` : "none");
  if (offset > 0) nav.appendChild(link("‹ previous", route(...parts, { ...params, offset: Math.max(0, offset - limit) })));
  if (end < total) nav.appendChild(link("next ›", route(...parts, { ...params, offset: offset + limit })));
  return nav;
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

export function errorBox(err) {
  return h("div", { class: "error", role: "alert" }, h("strong", {}, "Error: "), err.message || String(err));
}

export function hasD3() {
  return typeof window.d3 !== "undefined";
}

/** When the npm packages are missing: a message in place of a chart, naming the command. */
export function missingLibs(what) {
  return h("div", { class: "notice inline" },
    `The ${what} needs the front-end libraries, which are not installed. Run `,
    h("code", {}, INSTALL_HINT), " in the repository, then reload.");
}

const FIELD_LABELS = {
  actor: "actor id", dyad: "dyad (a,b)", root: "CAMEO root", quad: "quad class", date_from: "from",
  date_to: "to", place: "place", outlet: "outlet", min_sources: "min. sources", bucket: "bucket",
  group: "group by", groups: "groups", min_weight: "min. events per edge", q: "text",
  kind: "kind",
};

/** A filter form whose values live in the route's query string. */
export async function filterForm(baseRoute, fields, params, extra = {}) {
  const m = await meta();
  const parts = Array.isArray(baseRoute) ? baseRoute : [baseRoute];
  const form = h("form", { class: "filters" });
  for (const f of fields) {
    let input;
    const value = params[f] ?? extra[f]?.default ?? "";
    if (f === "root") {
      input = h("select", { name: f }, h("option", { value: "" }, "any"),
        m.roots.map((r) => h("option", { value: r.root, selected: r.root === value }, `${r.root} ${r.name.toLowerCase()}`)));
    } else if (f === "quad") {
      input = h("select", { name: f }, h("option", { value: "" }, "any"),
        m.quad_classes.map((q) => h("option", { value: q.quad_class, selected: String(q.quad_class) === String(value) },
          `${q.quad_class} ${q.name}`)));
    } else if (f === "outlet") {
      input = h("select", { name: f }, h("option", { value: "" }, "any"),
        m.outlets.map((o) => h("option", { value: o, selected: o === value }, o)));
    } else if (extra[f]?.options) {
      input = h("select", { name: f }, extra[f].options.map((o) => h("option", { value: o, selected: o === value }, o)));
    } else {
      const type = ["min_sources", "groups", "min_weight"].includes(f) ? "number" : "text";
      const placeholder = f.startsWith("date") ? "YYYY[-MM[-DD]]" : (f === "dyad" ? "iran,taliban" : "");
      input = h("input", { name: f, type, value, placeholder, min: type === "number" ? 1 : null, size: f.startsWith("date") ? 11 : 14 });
    }
    form.appendChild(h("label", {}, h("span", {}, FIELD_LABELS[f] || f), input));
  }
  form.appendChild(h("button", { type: "submit" }, "Apply"));
  form.appendChild(link("reset", route(...parts), { class: "reset" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const values = {};
    for (const el of form.elements) if (el.name && el.value !== "") values[el.name] = el.value.trim();
    location.hash = route(...parts, values);
  });
  return form;
}

/** Only the filter parameters the API knows, from the route's query string. */
export function pick(params, names) {
  const out = {};
  for (const n of names) if (params[n] !== undefined && params[n] !== "") out[n] = params[n];
  return out;
}

export const EVENT_FILTERS = ["actor", "dyad", "root", "quad", "date_from", "date_to", "place", "outlet", "min_sources"];

export function statCard(label, value) {
  return h("div", { class: "stat" }, h("div", { class: "value" }, String(value ?? "—")), h("div", { class: "label" }, label));
}

export function replace(el, ...children) {
  clear(el);
  children.forEach((c) => c && el.appendChild(c));
}
