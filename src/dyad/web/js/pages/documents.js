// Articles: every stored document, newest first, filterable by title and outlet.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { filterForm, pager, pick } from "../ui.js";

export async function render(el, args, params) {
  el.dataset.title = "articles";
  const q = pick(params, ["q", "outlet", "offset"]);
  const page = await get("documents", { ...q, limit: 50 });
  el.append(
    h("h1", {}, "Articles"),
    await filterForm("documents", ["q", "outlet"], params),
    pager(page, "documents", pick(params, ["q", "outlet"])),
    h("table", { class: "documents" },
      h("thead", {}, h("tr", {}, ["published", "title", "outlet", "event mentions"].map((t) => h("th", {}, t)))),
      h("tbody", {}, page.items.map((d) => h("tr", {},
        h("td", { class: "nowrap" }, d.published || "—"),
        h("td", {}, link(d.title || d.id, route("document", d.id))),
        h("td", {}, d.outlet || ""),
        h("td", { class: "num" }, d.mentions))))));
}
