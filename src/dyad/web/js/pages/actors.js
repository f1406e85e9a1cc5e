// Actors: search by name, id or alias; most active first.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { filterForm, pager, pick } from "../ui.js";

export async function render(el, args, params) {
  el.dataset.title = "actors";
  const page = await get("actors", { ...pick(params, ["q", "kind", "offset"]), limit: 50 });
  el.append(
    h("h1", {}, "Actors"),
    await filterForm("actors", ["q", "kind"], params, { kind: { options: ["", "person", "organization", "country"] } }),
    pager(page, "actors", pick(params, ["q", "kind"])),
    h("table", { class: "actors" },
      h("thead", {}, h("tr", {}, ["actor", "kind", "country", "sector", "events", "mentions"].map((t) => h("th", {}, t)))),
      h("tbody", {}, page.items.map((a) => h("tr", {},
        h("td", {}, link(a.name, route("actor", a.id), { class: "actor" })),
        h("td", {}, a.kind), h("td", {}, a.country || ""), h("td", {}, a.sector || ""),
        h("td", { class: "num" }, a.events), h("td", { class: "num" }, a.mentions))))));
}
