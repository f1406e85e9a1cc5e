// Building the page safely: every piece of data becomes a text node (textContent), never HTML.
// Attributes are set one by one with setAttribute; links to the outside only for http(s).

/** Create an element. attrs: {class, href, title, ..., on: {click: fn}}; children: nodes, strings, arrays. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Create an SVG element (same contract as h). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === "dataset") {
      for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    } else if (k.startsWith("on")) {
      throw new Error(`refusing inline handler attribute ${k}`);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A link inside the app: route segments are URI-encoded. */
export function route(...parts) {
  const params = parts.length && typeof parts[parts.length - 1] === "object" ? parts.pop() : null;
  let out = "#/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
  if (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const qs = q.toString();
    if (qs) out += "?" + qs;
  }
  return out;
}

export function link(text, href, attrs = {}) {
  return h("a", { ...attrs, href }, text);
}

/** A link to an outside page, only when the address is http(s); otherwise the address as text. */
export function outsideLink(url, text) {
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") {
      return h("a", { href: u.href, rel: "noopener noreferrer nofollow", target: "_blank" }, text || u.href);
    }
  } catch (e) { /* not a URL */ }
  return h("span", { class: "muted" }, url || "");
}

/**
 * Text with some character ranges wrapped in <mark>: ranges = [{start, end, class, title, id}].
 * Ranges may overlap; the text itself only ever becomes text nodes.
 */
export function markedText(text, ranges) {
  const frag = document.createDocumentFragment();
  const rs = ranges.filter((r) => r.start !== null && r.end !== null && r.end > r.start)
    .map((r) => ({ ...r, start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = new Set([0, text.length]);
  for (const r of rs) { cuts.add(r.start); cuts.add(r.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = rs.filter((r) => r.start <= a && r.end >= b);
    if (!covering.length) { frag.appendChild(document.createTextNode(piece)); continue; }
    const top = covering[covering.length - 1];
    const classes = new Set(["hl"]);
    covering.forEach((r) => (r.class || "").split(" ").filter(Boolean).forEach((c) => classes.add(c)));
    const attrs = { class: [...classes].join(" "), title: top.title || null };
    if (top.event) attrs.dataset = { event: top.event };
    frag.appendChild(h("mark", attrs, piece));
  }
  return frag;
}
