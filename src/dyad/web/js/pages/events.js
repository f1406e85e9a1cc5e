// Events: every filter of the API (actor, dyad, root, quad, dates, place, outlet, min sources);
// as mentions or as events (clusters, with mention and source counts, first and last report).
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { filterForm, pager, pick, eventTable, EVENT_FILTERS } from "../ui.js";

export async function render(el, args, params) {
  el.dataset.title = "events";
  const view = params.view === "mentions" ? "mentions" : "clusters";
  const filters = pick(params, EVENT_FILTERS);
  const page = await get(view === "mentions" ? "events" : "clusters",
    { ...filters, offset: params.offset, order: params.order, limit: 50 });
  const other = view === "mentions" ? "clusters" : "mentions";
  el.append(
    h("h1", {}, view === "mentions" ? "Event mentions" : "Events"),
    await filterForm("events", EVENT_FILTERS, params),
    h("p", { class: "muted" },
      view === "mentions" ? "Each row is one sentence coding an event." :
        "Each row is one event: the mentions fused across articles (mentions / sources counted).",
      " ", link(`show ${other === "clusters" ? "events" : "mentions"}`, route("events", { ...filters, view: other }))),
    pager(page, "events", { ...filters, view }),
    eventTable(page.items));
}
