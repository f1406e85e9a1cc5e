// The router: #/page/arg1/arg2?key=value → pages/<page>.js render(view, args, params).
import { h, clear, route } from "./dom.js";
import { meta } from "./api.js";
import { errorBox, hasD3, INSTALL_HINT } from "./ui.js";

const PAGES = {
  "": "overview", timeline: "timeline", network: "network", map: "map", events: "events",
  event: "event", actor: "actor", actors: "actors", dyad: "dyad", document: "document",
  documents: "documents", search: "search", conflicts: "conflicts",
};

export function parseHash(hash) {
  const raw = (hash || "").replace(/^#\/?/, "");
  const [path, qs] = raw.split("?", 2);
  const parts = path.split("/").filter((p) => p !== "").map((p) => {
    try { return decodeURIComponent(p); } catch (e) { return p; }
  });
  const params = Object.fromEntries(new URLSearchParams(qs || ""));
  return { page: parts[0] || "", args: parts.slice(1), params };
}

let generation = 0;

async function render() {
  const view = document.getElementById("view");
  const { page, args, params } = parseHash(location.hash);
  const name = PAGES[page];
  const mine = ++generation;
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", parseHash(a.getAttribute("href")).page === page);
  }
  clear(view);
  const holder = h("div", { class: `page page-${name || "unknown"}` });
  view.appendChild(holder);
  if (!name) {
    holder.appendChild(errorBox(new Error(`no page "${page}"`)));
    return;
  }
  holder.appendChild(h("p", { class: "muted loading" }, "Loading…"));
  try {
    const mod = await import(`./pages/${name}.js`);
    if (mine !== generation) return;
    const content = h("div", { class: "content" });
    await mod.render(content, args, params);
    if (mine !== generation) return;
    clear(holder).appendChild(content);
    document.title = `dyad · ${content.dataset.title || name}`;
    document.body.dataset.page = name;
    document.body.dataset.ready = String(mine);
    if (mod.afterMount) mod.afterMount(content, args, params);
  } catch (err) {
    if (mine !== generation) return;
    clear(holder).appendChild(errorBox(err));
    document.body.dataset.ready = String(mine);
    console.error(err);
  }
}

async function showVendorNotice() {
  const notice = document.getElementById("notice");
  let missing = [];
  try {
    const m = await meta();
    missing = m.vendor.missing;
  } catch (e) { /* the page shows the API error */ }
  if (!hasD3() && !missing.length) missing = ["d3"];
  if (!missing.length) return;
  clear(notice).append(
    h("strong", {}, "Charts, timeline, network and map are unavailable: "),
    `the front-end libraries (${missing.join(", ")}) are not installed. Run `,
    h("code", {}, INSTALL_HINT), " in the repository and reload. Tables and articles work without them.");
  notice.hidden = false;
}

function wireSearch() {
  const form = document.getElementById("search-form");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q) location.hash = route("search", { q });
  });
}

function init() {
  wireSearch();
  showVendorNotice();
  window.addEventListener("hashchange", render);
  render();
}

if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", init);
else init();
