// Timeline: one lane per dyad or actor, a stacked bar per month or year coloured by quad class,
// the mention count on each bar; zoom and pan with the wheel and drag; a click lists the events.
import { h, route, link, clear } from "../dom.js";
import { get } from "../api.js";
import { section, filterForm, pick, eventTable, hasD3, missingLibs, QUAD_COLOURS, QUADS } from "../ui.js";
import { quadLegend } from "../charts.js";

const FILTERS = ["root", "quad", "date_from", "date_to", "actor", "place", "outlet", "min_sources"];

function bucketRange(bucket) {
  const [y, m] = bucket.split("-").map(Number);
  if (m) return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
  return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y + 1, 0, 1))];
}

export async function render(el, args, params) {
  el.dataset.title = "timeline";
  const bucket = params.bucket === "year" ? "year" : "month";
  const group = params.group === "actor" ? "actor" : "dyad";
  const t = await get("timeline", { ...pick(params, FILTERS), bucket, group, groups: params.groups || 12 });
  const details = h("div", { class: "bucket-events" },
    h("p", { class: "muted" }, "Click a bar to list its events."));
  el.append(
    h("h1", {}, "Timeline"),
    await filterForm("timeline", ["bucket", "group", "groups", ...FILTERS], { ...params, bucket, group }, {
      bucket: { options: ["month", "year"] }, group: { options: ["dyad", "actor"] }, groups: { default: 12 } }),
    quadLegend(),
    h("p", { class: "muted" },
      `Grouped by ${group}, one bar per ${bucket}; bar height: events, number: mentions. Scroll to zoom, drag to pan.`,
      t.imprecise ? ` ${t.imprecise} mention(s) dated less precisely than a ${bucket} are left out.` : "",
      t.undated ? ` ${t.undated} undated mention(s) are left out.` : ""),
    hasD3() ? drawTimeline(t, (g, b) => showBucket(details, t, g, b, params)) : missingLibs("timeline"),
    section("Events", details));
}

async function showBucket(box, t, g, b, params) {
  clear(box).appendChild(h("p", { class: "muted" }, "Loading…"));
  const who = t.group === "dyad" ? { dyad: `${g.a},${g.b}` } : { actor: g.a };
  const page = await get("events", { ...pick(params, FILTERS.filter((f) => !f.startsWith("date"))), ...who,
    date_from: b.bucket, date_to: b.bucket, limit: 200, order: "asc" });
  clear(box).append(
    h("h3", { class: "bucket-heading" }, `${g.label}, ${b.bucket}: ${b.events} event(s), ${b.mentions} mention(s)`),
    t.group === "dyad" ? h("p", {}, link("dyad view →", route("dyad", g.a, g.b))) :
      h("p", {}, link("actor profile →", route("actor", g.a))),
    eventTable(page.items));
  box.scrollIntoView({ block: "nearest" });
}

function drawTimeline(t, onPick) {
  const d3 = window.d3;
  const groups = t.groups;
  if (!groups.length) return h("p", { class: "muted empty" }, "No dated events match.");
  const W = 1100, L = 250, R = 16, TOP = 28, LANE = 38;
  const H = TOP + groups.length * LANE + 8;
  const all = groups.flatMap((g) => g.buckets.map((b) => bucketRange(b.bucket)));
  const lo = d3.min(all, (r) => r[0]), hi = d3.max(all, (r) => r[1]);
  const pad = (hi - lo) * 0.02 || 86400000 * 30;
  const x = d3.scaleUtc().domain([new Date(+lo - pad), new Date(+hi + pad)]).range([L, W - R]);
  const maxEvents = d3.max(groups, (g) => d3.max(g.buckets, (b) => b.events)) || 1;
  const barH = (n) => (n / maxEvents) * (LANE - 16);

  const svg = d3.create("svg").attr("class", "timeline").attr("viewBox", `0 0 ${W} ${H}`)
    .attr("role", "img").attr("aria-label", "timeline of events by group");
  const clipId = "timeline-clip";
  svg.append("clipPath").attr("id", clipId).append("rect").attr("x", L).attr("y", 0).attr("width", W - L - R).attr("height", H);
  const axis = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${TOP - 6})`);
  const lanes = svg.append("g").selectAll("g").data(groups).join("g").attr("class", "lane")
    .attr("data-group", (g) => g.key).attr("transform", (g, i) => `translate(0,${TOP + i * LANE})`);
  lanes.append("line").attr("x1", L).attr("x2", W - R).attr("y1", LANE - 2).attr("y2", LANE - 2).attr("class", "lane-base");
  lanes.append("text").attr("class", "lane-label").attr("x", L - 8).attr("y", LANE / 2 + 4).attr("text-anchor", "end")
    .text((g) => (g.label.length > 30 ? g.label.slice(0, 29) + "…" : g.label))
    .append("title").text((g) => `${g.label}: ${g.events} event(s)`);
  const plot = lanes.append("g").attr("clip-path", `url(#${clipId})`);
  const bars = plot.selectAll("g").data((g) => g.buckets.map((b) => ({ g, b }))).join("g")
    .attr("class", "bucket").attr("data-bucket", (d) => d.b.bucket).attr("data-group", (d) => d.g.key)
    .on("click", (ev, d) => {
      svg.selectAll(".bucket.selected").classed("selected", false);
      d3.select(ev.currentTarget).classed("selected", true);
      onPick(d.g, d.b);
    });
  bars.append("title").text((d) => `${d.g.label}, ${d.b.bucket}: ${d.b.events} event(s), ${d.b.mentions} mention(s)\n` +
    [1, 2, 3, 4].map((q) => `${QUADS[q]}: ${d.b[`q${q}`]}`).join("\n"));
  for (const q of [1, 2, 3, 4]) {
    bars.append("rect").attr("class", `q${q}`).attr("fill", QUAD_COLOURS[q])
      .attr("y", (d) => LANE - 2 - barH([1, 2, 3, 4].filter((k) => k <= q).reduce((s, k) => s + d.b[`q${k}`], 0)))
      .attr("height", (d) => barH(d.b[`q${q}`]));
  }
  bars.append("text").attr("class", "count").attr("text-anchor", "middle")
    .attr("y", (d) => LANE - 4 - barH(d.b.events)).text((d) => d.b.mentions);

  function place(zx) {
    axis.call(d3.axisTop(zx).ticks(8).tickSizeOuter(0));
    axis.select(".domain").attr("transform", "");
    bars.each(function (d) {
      const [s, e] = bucketRange(d.b.bucket);
      const x0 = zx(s), w = Math.max(3, zx(e) - zx(s) - 1);
      const sel = d3.select(this);
      sel.selectAll("rect").attr("x", x0).attr("width", w);
      sel.select("text.count").attr("x", x0 + w / 2).attr("display", w >= 12 ? null : "none");
    });
  }
  place(x);
  const zoom = d3.zoom().scaleExtent([1, 400]).extent([[L, 0], [W - R, H]]).translateExtent([[L, 0], [W - R, H]])
    .on("zoom", (ev) => place(ev.transform.rescaleX(x)));
  svg.call(zoom);
  const node = svg.node();
  const buttons = h("div", { class: "zoom-buttons" },
    h("button", { type: "button", on: { click: () => svg.call(zoom.scaleBy, 2) } }, "zoom in"),
    h("button", { type: "button", on: { click: () => svg.call(zoom.scaleBy, 0.5) } }, "zoom out"),
    h("button", { type: "button", on: { click: () => svg.call(zoom.transform, d3.zoomIdentity) } }, "reset"));
  return h("div", { class: "timeline-box" }, buttons, node);
}
