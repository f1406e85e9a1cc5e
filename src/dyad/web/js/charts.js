// Charts drawn with d3 (from npm, /vendor/d3): a diverging bar chart of cooperation (quad 1-2,
// upwards) and conflict (quad 3-4, downwards) per time bucket. Labels are text nodes.
import { QUAD_COLOURS, QUADS, hasD3, missingLibs } from "./ui.js";

/**
 * series: [{bucket, q1, q2, q3, q4, events, mentions, ...}]; opts: {onClick(bucket), width, height,
 * label(row) -> tooltip text}. Returns an element.
 */
export function coopConflictChart(series, opts = {}) {
  if (!hasD3()) return missingLibs("chart");
  const d3 = window.d3;
  const width = opts.width || 760, height = opts.height || 240;
  const m = { top: 14, right: 12, bottom: 42, left: 36 };
  const svg = d3.create("svg").attr("class", "chart coop-conflict").attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img").attr("aria-label", opts.ariaLabel || "cooperation and conflict over time");
  if (!series.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .attr("class", "muted").text("no dated events");
    return svg.node();
  }
  const x = d3.scaleBand().domain(series.map((d) => d.bucket)).range([m.left, width - m.right]).padding(0.2);
  const up = d3.max(series, (d) => d.q1 + d.q2) || 0, down = d3.max(series, (d) => d.q3 + d.q4) || 0;
  const top = Math.max(up, 1), bottom = Math.max(down, 1);
  const y = d3.scaleLinear().domain([-bottom, top]).range([height - m.bottom, m.top]).nice();
  const every = Math.ceil(series.length / Math.max(1, Math.floor((width - m.left - m.right) / 48)));
  svg.append("g").attr("transform", `translate(0,${y(0)})`)
    .call(d3.axisBottom(x).tickSizeOuter(0).tickValues(x.domain().filter((_, i) => i % every === 0)))
    .selectAll("text").attr("transform", `translate(0,${height - m.bottom - y(0) + 4}) rotate(-35)`).attr("text-anchor", "end");
  svg.append("g").attr("transform", `translate(${m.left},0)`)
    .call(d3.axisLeft(y).tickValues(y.ticks(6).filter(Number.isInteger)).tickFormat((v) => Math.abs(v)));
  const bars = svg.append("g").selectAll("g").data(series).join("g")
    .attr("class", "bar").attr("data-bucket", (d) => d.bucket);
  for (const [q, sign, base] of [[1, 1, () => 0], [2, 1, (d) => d.q1], [3, -1, () => 0], [4, -1, (d) => d.q3]]) {
    bars.append("rect")
      .attr("class", `q${q}`).attr("fill", QUAD_COLOURS[q])
      .attr("x", (d) => x(d.bucket)).attr("width", x.bandwidth())
      .attr("y", (d) => (sign > 0 ? y(base(d) + d[`q${q}`]) : y(-base(d))))
      .attr("height", (d) => Math.abs(y(0) - y(d[`q${q}`])));
  }
  bars.append("rect").attr("class", "hit").attr("fill", "transparent")
    .attr("x", (d) => x(d.bucket)).attr("width", x.bandwidth()).attr("y", m.top).attr("height", height - m.top - m.bottom)
    .append("title").text((d) => (opts.label ? opts.label(d) :
      `${d.bucket}: ${d.events} event(s), ${d.mentions} mention(s)\n` +
      [1, 2, 3, 4].map((q) => `${QUADS[q]}: ${d[`q${q}`]}`).join("\n")));
  if (opts.onClick) bars.style("cursor", "pointer").on("click", (ev, d) => opts.onClick(d.bucket));
  svg.append("line").attr("x1", m.left).attr("x2", width - m.right).attr("y1", y(0)).attr("y2", y(0)).attr("class", "zero");
  return svg.node();
}

export function quadLegend() {
  const box = document.createElement("div");
  box.className = "legend";
  for (const q of [1, 2, 3, 4]) {
    const item = document.createElement("span");
    const sw = document.createElement("span");
    sw.className = `swatch q${q}`;
    item.append(sw, document.createTextNode(`${q} ${QUADS[q]}`));
    box.appendChild(item);
  }
  return box;
}
