// Actor profile: aliases, roles over time with their evidence, event counts, partners with
// cooperation/conflict counts, a yearly cooperation/conflict chart, and the actor's events.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { section, statCard, actorLink, dyadLink, eventTable, pager, clip } from "../ui.js";
import { coopConflictChart, quadLegend } from "../charts.js";

export async function render(el, args, params) {
  const id = args[0] || "";
  const [a, page] = await Promise.all([
    get(`actors/${encodeURIComponent(id)}`),
    get("events", { actor: id, limit: 25, offset: params.offset }),
  ]);
  el.dataset.title = a.name;
  const c = a.counts;
  el.append(
    h("h1", { class: "actor-name" }, a.name),
    h("p", { class: "meta" }, `${a.kind}`, a.country ? ` · ${a.country}` : "", a.sector ? ` · sector ${a.sector}` : "",
      a.org_type ? ` · ${a.org_type}` : "", a.parent ? [" · part of ", actorLink(a.parent, a.parent_name)] : "",
      ` · ${a.origin === "kb" ? "from the knowledge base" : "learned from the text"} · id ${a.id}`),
    h("div", { class: "stats" }, statCard("events", c.events), statCard("mentions", c.mentions),
      statCard("as source", c.as_source), statCard("as target", c.as_target),
      statCard("cooperation", c.cooperation), statCard("conflict", c.conflict)),
    section("Aliases", a.aliases.length ? h("ul", { class: "chips aliases" }, a.aliases.map((x) => h("li", {}, x)))
      : h("p", { class: "muted" }, "none recorded")),
    section("Roles over time", a.roles.length ? h("table", { class: "roles" },
      h("thead", {}, h("tr", {}, ["from", "to", "title", "of", "sector", "evidence"].map((t) => h("th", {}, t)))),
      h("tbody", {}, a.roles.map((r) => h("tr", {},
        h("td", { class: "nowrap" }, r.start_date || "?"), h("td", { class: "nowrap" }, r.end_date || "—"),
        h("td", {}, r.title || ""), h("td", {}, r.org ? actorLink(r.org, r.org_name) : ""),
        h("td", {}, r.sector || ""),
        h("td", { class: "evidence" }, r.doc_id ? [h("q", {}, clip(r.evidence, 240)), " ",
          link(r.doc_title || r.doc_id, route("document", r.doc_id))] : h("span", { class: "muted" }, "knowledge base"))))))
      : h("p", { class: "muted" }, "no roles recorded")),
    section("Cooperation and conflict by year", quadLegend(),
      coopConflictChart(a.series, { ariaLabel: `${a.name}: events per year` }),
      a.undated ? h("p", { class: "muted" }, `${a.undated} undated mention(s) not shown.`) : null),
    section("Partners", a.partners.length ? h("table", { class: "partners" },
      h("thead", {}, h("tr", {}, ["partner", "events", "cooperation", "conflict", "outgoing", "incoming", ""]
        .map((t) => h("th", {}, t)))),
      h("tbody", {}, a.partners.map((p) => h("tr", {},
        h("td", {}, actorLink(p.id, p.name)), h("td", { class: "num" }, p.events),
        h("td", { class: "num coop" }, p.cooperation), h("td", { class: "num conflict" }, p.conflict),
        h("td", { class: "num" }, p.outgoing), h("td", { class: "num" }, p.incoming),
        h("td", {}, dyadLink(a.id, p.id))))))
      : h("p", { class: "muted" }, "no partners")),
    section("Events", pager(page, ["actor", a.id], {}), eventTable(page.items)),
  );
}
