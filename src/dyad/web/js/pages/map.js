// Map: an offline base map (world-atlas TopoJSON from npm, drawn with d3-geo as SVG outlines)
// with events placed by their coordinates; circle size: events; colour: the commonest quad class.
import { h, clear } from "../dom.js";
import { get } from "../api.js";
import { section, filterForm, pick, eventTable, hasD3, missingLibs, QUAD_COLOURS, QUADS, EVENT_FILTERS } from "../ui.js";
import { quadLegend } from "../charts.js";

const FILTERS = EVENT_FILTERS.filter((f) => f !== "place");

export async function render(el, args, params) {
  el.dataset.title = "map";
  const filters = pick(params, FILTERS);
  const places = await get("places", filters);
  const details = h("div", { class: "place-events" }, h("p", { class: "muted" }, "Click a place to list its events."));
  let mapNode;
  if (!hasD3() || typeof window.topojson === "undefined") {
    mapNode = missingLibs("map");
  } else {
    const res = await fetch("/vendor/world-atlas/countries-110m.json");
    mapNode = res.ok ? drawMap(await res.json(), mergeByPoint(places.items), (p) => showPlace(details, p, filters))
      : missingLibs("map");
  }
  el.append(
    h("h1", {}, "Map"),
    await filterForm("map", FILTERS, params),
    quadLegend(),
    h("p", { class: "muted" }, `${places.total} place(s) with coordinates. Scroll to zoom, drag to pan.`),
    mapNode,
    section("Events at the place", details));
}

async function showPlace(box, p, filters) {
  clear(box).appendChild(h("p", { class: "muted" }, "Loading…"));
  const pages = await Promise.all(p.names.map((name) => get("events", { ...filters, place: name, limit: 200 })));
  clear(box).append(h("h3", {}, `${p.place}${p.country ? ` (${p.country})` : ""}: ${p.events} event(s), ${p.mentions} mention(s)`),
    eventTable(pages.flatMap((pg) => pg.items)));
}

/** Places geocoded to the same point (a capital and its country, say) become one marker. */
function mergeByPoint(items) {
  const byPoint = new Map();
  for (const p of items) {
    const key = `${p.lat},${p.lon}`;
    const m = byPoint.get(key);
    if (!m) { byPoint.set(key, { ...p, names: [p.place] }); continue; }
    m.names.push(p.place);
    m.place = m.names.join(", ");
    for (const k of ["events", "mentions", "q1", "q2", "q3", "q4"]) m[k] += p[k];
  }
  return [...byPoint.values()];
}

function dominantQuad(p) {
  return [1, 2, 3, 4].reduce((best, q) => (p[`q${q}`] > p[`q${best}`] ? q : best), 1);
}

function drawMap(world, places, onPick) {
  const d3 = window.d3, topojson = window.topojson;
  const W = 1100, H = 600;
  const countries = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1();
  if (places.length) {
    const pts = { type: "MultiPoint", coordinates: places.map((p) => [p.lon, p.lat]) };
    const [[lo0, la0], [lo1, la1]] = d3.geoBounds(pts);
    const padLon = Math.max(25, (lo1 - lo0) * 0.6), padLat = Math.max(14, (la1 - la0) * 0.6);
    const box = { type: "MultiPoint", coordinates: [[lo0 - padLon, la0 - padLat], [lo1 + padLon, la0 - padLat],
      [lo1 + padLon, la1 + padLat], [lo0 - padLon, la1 + padLat]] };
    projection.fitExtent([[10, 10], [W - 10, H - 10]], box);
  } else {
    projection.fitSize([W, H], countries);
  }
  const path = d3.geoPath(projection);
  const svg = d3.create("svg").attr("class", "map").attr("viewBox", `0 0 ${W} ${H}`)
    .attr("role", "img").attr("aria-label", "map of event places");
  const g = svg.append("g");
  g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  g.append("g").attr("class", "countries").selectAll("path").data(countries.features).join("path")
    .attr("class", "country").attr("d", path)
    .append("title").text((f) => (f.properties && f.properties.name) || "");
  const r = d3.scaleSqrt().domain([1, d3.max(places, (p) => p.events) || 1]).range([5, 22]);
  const dots = g.append("g").attr("class", "places").selectAll("g")
    .data([...places].sort((a, b) => b.events - a.events)).join("g")
    .attr("class", "place").attr("data-place", (p) => p.place)
    .attr("transform", (p) => { const [x, y] = projection([p.lon, p.lat]); return `translate(${x},${y})`; })
    .on("click", (ev, p) => onPick(p));
  dots.append("circle").attr("r", (p) => r(p.events)).attr("fill", (p) => QUAD_COLOURS[dominantQuad(p)]);
  dots.append("text").attr("class", "place-label").attr("x", (p) => r(p.events) + 3).attr("y", 4).text((p) => p.place);
  dots.append("title").text((p) => `${p.place}: ${p.events} event(s), ${p.mentions} mention(s)\n` +
    [1, 2, 3, 4].map((q) => `${QUADS[q]}: ${p[`q${q}`]}`).join("\n"));
  svg.call(d3.zoom().scaleExtent([1, 20]).on("zoom", (ev) => {
    g.attr("transform", ev.transform);
    dots.attr("transform", (p) => { const [x, y] = projection([p.lon, p.lat]); return `translate(${x},${y}) scale(${1 / ev.transform.k})`; });
  }));
  return svg.node();
}
