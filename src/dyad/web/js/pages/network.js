// Network: actors as nodes (size: events), edges weighted by events and coloured from
// cooperation (green) to conflict (red); filter by period and CAMEO root; click a node for the
// actor's profile, an edge for the dyad view. Layout: a force simulation run to rest, then drawn.
import { h, route } from "../dom.js";
import { get } from "../api.js";
import { filterForm, pick, hasD3, missingLibs, COOP, CONFLICT } from "../ui.js";

const FILTERS = ["date_from", "date_to", "root", "quad", "min_weight", "outlet", "min_sources"];
const KIND_COLOURS = { country: "#3d6fb6", organization: "#8a5cb8", person: "#c28a1b" };

export async function render(el, args, params) {
  el.dataset.title = "network";
  const net = await get("network", pick(params, FILTERS));
  el.append(
    h("h1", {}, "Network"),
    await filterForm("network", FILTERS, params),
    h("div", { class: "legend" },
      h("span", {}, h("span", { class: "swatch coop" }), "cooperation (quad 1–2)"),
      h("span", {}, h("span", { class: "swatch conflict" }), "conflict (quad 3–4)"),
      h("span", {}, "edge width: events; node size: events; colour mixes by share"),
      Object.entries(KIND_COLOURS).map(([k, c]) => h("span", {}, h("span", { class: `swatch kind-${k}` }), k))),
    h("p", { class: "muted" }, `${net.nodes.length} actors, ${net.edges.length} links. Click an actor for its profile, a link for the dyad.`),
    hasD3() ? drawNetwork(net) : missingLibs("network"));
}

function drawNetwork(net) {
  const d3 = window.d3;
  if (!net.nodes.length) return h("p", { class: "muted empty" }, "No events between actors match.");
  const W = 1100, H = 720;
  const nodes = net.nodes.map((n) => ({ ...n }));
  const links = net.edges.map((e) => ({ ...e }));
  const r = d3.scaleSqrt().domain([1, d3.max(nodes, (n) => n.events) || 1]).range([5, 26]);
  const wScale = d3.scaleSqrt().domain([1, d3.max(links, (l) => l.weight) || 1]).range([1.2, 9]);
  const mix = d3.interpolateRgb(COOP, CONFLICT);
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(90).strength(0.5))
    .force("charge", d3.forceManyBody().strength(-260))
    .force("collide", d3.forceCollide((n) => r(n.events) + 6))
    .force("center", d3.forceCenter(W / 2, H / 2))
    .force("x", d3.forceX(W / 2).strength(0.04)).force("y", d3.forceY(H / 2).strength(0.06))
    .stop();
  for (let i = 0; i < 320; i++) sim.tick();

  const svg = d3.create("svg").attr("class", "network").attr("viewBox", `0 0 ${W} ${H}`)
    .attr("role", "img").attr("aria-label", "network of actors");
  const g = svg.append("g");
  const edge = g.append("g").attr("class", "edges").selectAll("line").data(links).join("line")
    .attr("class", (l) => `edge ${l.conflict > l.cooperation ? "conflict" : "coop"}`)
    .attr("data-source", (l) => l.source.id).attr("data-target", (l) => l.target.id)
    .attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
    .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y)
    .attr("stroke", (l) => mix(l.weight ? l.conflict / Math.max(1, l.cooperation + l.conflict) : 0))
    .attr("stroke-width", (l) => wScale(l.weight))
    .on("click", (ev, l) => { location.hash = route("dyad", l.source.id, l.target.id); });
  edge.append("title").text((l) => `${l.source.name} – ${l.target.name}: ${l.weight} event(s), ` +
    `${l.cooperation} cooperation / ${l.conflict} conflict, ${l.mentions} mention(s), Goldstein mean ${l.goldstein_mean}`);
  const node = g.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("data-actor", (n) => n.id)
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .on("click", (ev, n) => { location.hash = route("actor", n.id); });
  node.append("circle").attr("r", (n) => r(n.events)).attr("fill", (n) => KIND_COLOURS[n.kind] || "#777");
  node.append("text").attr("class", "node-label").attr("x", (n) => r(n.events) + 3).attr("y", 4).text((n) => n.name);
  node.append("title").text((n) => `${n.name} (${n.kind}${n.country ? ", " + n.country : ""}): ${n.events} event(s) on these links`);
  const zoom = d3.zoom().scaleExtent([0.3, 8]).on("zoom", (ev) => g.attr("transform", ev.transform));
  svg.call(zoom);
  // start with everything in view
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [d3.min(xs) - 60, d3.max(xs) + 160, d3.min(ys) - 40, d3.max(ys) + 40];
  const k = Math.min(4, 0.95 / Math.max((x1 - x0) / W, (y1 - y0) / H));
  svg.call(zoom.transform, d3.zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
  return svg.node();
}
