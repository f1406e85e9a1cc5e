// Overview: corpus size, date span, top actors and dyads, latest events, open conflicts.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { section, statCard, actorLink, dyadLink, eventTable } from "../ui.js";
import { conflictList } from "./conflicts.js";

export async function render(el) {
  el.dataset.title = "overview";
  const o = await get("overview", { top: 10 });
  const s = o.stats;
  el.append(
    h("h1", {}, "Overview"),
    h("div", { class: "stats" },
      statCard("articles", s.documents), statCard("outlets", s.outlets), statCard("actors in events", s.actors),
      statCard("events", s.events), statCard("event mentions", s.mentions),
      statCard("events dated", s.first_event ? `${s.first_event.slice(0, 4)}–${s.last_event.slice(0, 4)}` : "—"),
      statCard("published", s.first_published ? `${s.first_published} – ${s.last_published}` : "—")),
    h("div", { class: "columns" },
      section("Top actors",
        h("table", { class: "top-actors" },
          h("thead", {}, h("tr", {}, h("th", {}, "actor"), h("th", {}, "kind"), h("th", { class: "num" }, "events"),
            h("th", { class: "num" }, "mentions"))),
          h("tbody", {}, o.top_actors.map((a) => h("tr", {},
            h("td", {}, actorLink(a.id, a.name)), h("td", {}, a.kind, a.country ? `, ${a.country}` : ""),
            h("td", { class: "num" }, a.events), h("td", { class: "num" }, a.mentions)))))),
      section("Top dyads",
        h("table", { class: "top-dyads" },
          h("thead", {}, h("tr", {}, h("th", {}, "dyad"), h("th", { class: "num" }, "events"),
            h("th", { class: "num coop" }, "cooperation"), h("th", { class: "num conflict" }, "conflict"))),
          h("tbody", {}, o.top_dyads.map((d) => h("tr", {},
            h("td", {}, dyadLink(d.a, d.b, `${d.a_name} – ${d.b_name}`)), h("td", { class: "num" }, d.events),
            h("td", { class: "num coop" }, d.cooperation), h("td", { class: "num conflict" }, d.conflict))))))),
    section("Latest events", eventTable(o.latest_events),
      h("p", {}, link("all events →", route("events")))),
    section("Open conflicts between sources", conflictList(o.conflicts.items, o.conflicts.total)),
  );
}
