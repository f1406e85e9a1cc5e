// Dyad view: the monthly trend between two actors (events per quad class, Goldstein mean and
// sum), with each month's events listed under the chart; without two actors, a list of dyads.
import { h, route, link } from "../dom.js";
import { get } from "../api.js";
import { section, actorLink, dyadLink, eventTable, pager, pick, statCard, filterForm, EVENT_FILTERS } from "../ui.js";
import { coopConflictChart, quadLegend } from "../charts.js";

async function dyadList(el, params) {
  el.dataset.title = "dyads";
  const filters = pick(params, EVENT_FILTERS.filter((f) => f !== "dyad"));
  const page = await get("dyads", { ...filters, offset: params.offset, limit: 50 });
  el.append(h("h1", {}, "Dyads"),
    await filterForm("dyad", EVENT_FILTERS.filter((f) => f !== "dyad"), params),
    pager(page, "dyad", filters),
    h("table", { class: "dyads" },
      h("thead", {}, h("tr", {}, ["dyad", "events", "mentions", "cooperation", "conflict"].map((t) => h("th", {}, t)))),
      h("tbody", {}, page.items.map((d) => h("tr", {},
        h("td", {}, dyadLink(d.a, d.b, `${d.a_name} – ${d.b_name}`)), h("td", { class: "num" }, d.events),
        h("td", { class: "num" }, d.mentions), h("td", { class: "num coop" }, d.cooperation),
        h("td", { class: "num conflict" }, d.conflict))))));
}

export async function render(el, args, params) {
  if (args.length < 2) return dyadList(el, params);
  const [a, b] = args;
  const filters = pick(params, ["root", "quad", "date_from", "date_to", "place", "outlet", "min_sources"]);
  const [d, evs] = await Promise.all([
    get(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, filters),
    get("events", { ...filters, dyad: `${a},${b}`, limit: 500, order: "asc" }),
  ]);
  el.dataset.title = `${d.a.name} – ${d.b.name}`;
  const byMonth = new Map();
  const other = [];
  for (const e of evs.items) {
    const key = e.date && e.date.length >= 7 ? e.date.slice(0, 7) : null;
    if (key) { if (!byMonth.has(key)) byMonth.set(key, []); byMonth.get(key).push(e); } else other.push(e);
  }
  const months = h("div", { class: "months" }, d.series.map((mo) => h("section", {
    class: "month", id: `month-${mo.month}`, dataset: { month: mo.month } },
    h("h3", {}, mo.month, " ", h("span", { class: "muted" },
      `${mo.events} event(s), ${mo.mentions} mention(s) · ${d.a.name} → ${d.b.name}: ${mo.a_to_b}, ` +
      `${d.b.name} → ${d.a.name}: ${mo.b_to_a} · Goldstein mean ${mo.goldstein_mean}, sum ${mo.goldstein_sum}`)),
    eventTable(byMonth.get(mo.month) || []))));
  const series = d.series.map((mo) => ({ ...mo, bucket: mo.month }));
  const chart = coopConflictChart(series, {
    ariaLabel: `${d.a.name} and ${d.b.name}: events per month`,
    label: (mo) => `${mo.bucket}: ${mo.events} event(s); cooperation ${mo.q1 + mo.q2}, conflict ${mo.q3 + mo.q4}; ` +
      `Goldstein mean ${mo.goldstein_mean}, sum ${mo.goldstein_sum}`,
    onClick: (bucket) => showMonth(months, bucket),
  });
  const t = d.totals;
  el.append(
    h("h1", {}, actorLink(d.a.id, d.a.name), " – ", actorLink(d.b.id, d.b.name)),
    h("p", {}, link("swap direction", route("dyad", b, a, filters)), " · ", link("all dyads", route("dyad"))),
    await filterForm(["dyad", a, b], ["root", "quad", "date_from", "date_to", "outlet", "min_sources"], params),
    h("div", { class: "stats" }, statCard("events by month", t.events), statCard("mentions", t.mentions),
      statCard("cooperation", t.q1 + t.q2), statCard("conflict", t.q3 + t.q4),
      statCard(`${d.a.name} → ${d.b.name}`, t.a_to_b), statCard(`${d.b.name} → ${d.a.name}`, t.b_to_a),
      statCard("Goldstein sum", t.goldstein_sum)),
    section("Monthly trend (click a bar for its events)", quadLegend(), chart,
      h("table", { class: "series" },
        h("thead", {}, h("tr", {}, ["month", "events", "Q1", "Q2", "Q3", "Q4", "Goldstein mean", "Goldstein sum"]
          .map((x) => h("th", {}, x)))),
        h("tbody", {}, d.series.map((mo) => h("tr", {}, h("td", {}, h("button", { type: "button", class: "linkish",
          on: { click: () => showMonth(months, mo.month) } }, mo.month)),
          [mo.events, mo.q1, mo.q2, mo.q3, mo.q4, mo.goldstein_mean, mo.goldstein_sum].map((v) => h("td", { class: "num" }, v))))))),
    section("Events by month", months),
    other.length ? section("Events dated only by year, or undated", eventTable(other)) : null,
  );
}

function showMonth(months, bucket) {
  for (const s of months.querySelectorAll(".month.selected")) s.classList.remove("selected");
  const target = months.querySelector(`[data-month="${CSS.escape(bucket)}"]`);
  if (target) { target.classList.add("selected"); target.scrollIntoView({ block: "start" }); }
}
