"""The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)
against real `dyad serve` processes on free loopback ports, on the sample corpus plus a hostile
article. Screenshots of every page go to test-artifacts/.

Skipped, with the reason, when Chromium, Playwright or the npm packages are missing (a user's
clone); under CI (CI set) a missing prerequisite fails instead, so CI always runs them."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.api import vendor

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def _missing_prerequisite() -> str | None:
    if not CHROMIUM.exists():
        return "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    missing = vendor.missing(vendor.find_node_modules())
    if missing:
        return f"npm packages {', '.join(missing)} are not installed (run `npm ci --prefix web`)"
    return None


_why = _missing_prerequisite()
if _why and not os.environ.get("CI"):
    pytest.skip(f"web UI tests skipped: {_why}", allow_module_level=True)
elif _why:
    raise RuntimeError(f"web UI tests cannot run in CI: {_why}")

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

import test_api  # noqa: E402  (the shared store builders: one ingest per session)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- servers and browser ------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dyad", "serve", "--db", str(db), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dyad serve exited: {self.proc.stderr.read()}")
            try:
                with urllib.request.urlopen(self.base + "/api/meta", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("dyad serve did not answer within 60 s")
            time.sleep(0.2)

    def get(self, path: str) -> dict:
        import json

        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return json.loads(r.read())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return test_api.build_db(tmp_path_factory)


@pytest.fixture(scope="module")
def server(db) -> Iterator[Server]:
    s = Server(db)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def conflict_server(tmp_path_factory, db) -> Iterator[Server]:
    s = Server(test_api.build_conflict_db(tmp_path_factory, db))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory, db) -> Iterator[Server]:
    """A server whose npm packages are missing (an empty node_modules)."""
    empty = tmp_path_factory.mktemp("node_modules_empty")
    s = Server(db, env={"DYAD_WEB_MODULES": str(empty)})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: script errors, CSP refusals, dialogs."""

    def __init__(self, page: Page):
        self.errors: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)

        def on_dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()
        page.on("dialog", on_dialog)

    def csp_refusals(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


@pytest.fixture()
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.watch = Watch(pg)  # type: ignore[attr-defined]
    pg.set_default_timeout(20_000)
    yield pg
    watch: Watch = pg.watch  # type: ignore[attr-defined]
    context.close()
    assert watch.errors == [], watch.errors
    assert watch.csp_refusals() == [], watch.csp_refusals()
    assert watch.dialogs == [], watch.dialogs


def visit(page: Page, server: Server, route: str = "") -> None:
    if page.url.startswith(server.base):  # a hash change: the old page's marks must not count
        page.evaluate("() => { delete document.body.dataset.ready; delete document.body.dataset.page; }")
    page.goto(f"{server.base}/#/{route}")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.locator(".error").count() == 0, page.locator(".error").first.text_content()


def wait_page(page: Page, name: str) -> None:
    page.wait_for_selector(f"body[data-page='{name}']", state="attached")
    assert page.locator(".error").count() == 0, page.locator(".error").first.text_content()


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000
    return path


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    vp = page.viewport_size
    return box is not None and vp is not None and box["y"] < vp["height"] and box["y"] + box["height"] > 0


# -- the pages ----------------------------------------------------------------------------------

def test_overview_shows_the_corpus(page, server):
    o = server.get("/api/overview?top=10")
    visit(page, server)
    assert page.title() == "dyad · overview"
    assert page.locator(".stat .value").first.text_content() == str(o["stats"]["documents"])
    names = page.locator("table.top-actors tbody tr td:first-child").all_text_contents()
    assert names == [a["name"] for a in o["top_actors"]]
    dyads = page.locator("table.top-dyads tbody tr").count()
    assert dyads == len(o["top_dyads"]) > 0
    assert page.locator("table.events tbody tr").count() == len(o["latest_events"])
    if o["conflicts"]["total"]:
        assert page.locator(".conflict-card").count() == len(o["conflicts"]["items"])
    else:
        assert page.locator(".conflicts-empty").is_visible()
    assert page.locator("#notice").is_hidden()
    shot(page, "overview.png")


def test_timeline_to_event_to_article_highlights_the_evidence(page, server):
    t = server.get("/api/timeline?bucket=month&group=dyad&groups=12")
    visit(page, server, "timeline")
    assert page.locator("svg.timeline g.lane").count() == len(t["groups"])
    first = t["groups"][0]
    assert page.locator("svg.timeline .lane-label").first.text_content().startswith(first["label"][:20])
    bars = page.locator(f"svg.timeline g.bucket[data-group='{first['key']}']")
    assert bars.count() == len(first["buckets"])
    page.get_by_role("button", name="zoom in").click()
    bars.first.click()
    page.wait_for_selector(".bucket-events table.events")
    heading = page.locator(".bucket-heading").text_content()
    assert first["label"] in heading and first["buckets"][0]["bucket"] in heading
    shot(page, "timeline.png")

    page.locator(".bucket-events a.open-event").first.click()
    wait_page(page, "event")
    event_id = page.url.split("#/event/")[1]
    detail = server.get(f"/api/events/{event_id}")
    evidence = detail["event"]["evidence"]
    current = page.locator("mark.current")
    assert current.count() == 1 and current.text_content() == evidence
    assert page.locator("article.report").count() == len(detail["documents"])
    assert page.locator("mark.evidence").count() >= len(detail["mentions"])
    assert in_viewport(page, "mark.current")
    shot(page, "event.png")

    page.locator("article.report:has(mark.current) a.open-article").click()
    wait_page(page, "document")
    mark = page.locator(".article-text mark.current")
    assert mark.count() == 1 and mark.text_content() == evidence
    assert in_viewport(page, ".article-text mark.current")
    shot(page, "article.png")


def test_network_click_opens_the_actor_profile(page, server):
    net = server.get("/api/network")
    visit(page, server, "network")
    assert page.locator("svg.network g.node").count() == len(net["nodes"])
    assert page.locator("svg.network line.edge").count() == len(net["edges"])
    assert page.locator("svg.network line.edge.conflict").count() == sum(
        1 for e in net["edges"] if e["conflict"] > e["cooperation"])
    shot(page, "network.png")
    # dispatch the click: in a dense layout another node may overlap the circle
    page.locator("svg.network g.node[data-actor='iran'] circle").dispatch_event("click")
    wait_page(page, "actor")
    assert page.url.endswith("#/actor/iran")
    profile = server.get("/api/actors/iran")
    assert page.locator("h1.actor-name").text_content() == "Iran"
    assert page.locator("ul.aliases li").all_text_contents() == profile["aliases"]
    assert page.locator("table.partners tbody tr").count() == len(profile["partners"])
    assert page.locator("svg.chart g.bar").count() == len(profile["series"])
    shot(page, "actor.png")


def test_network_filters_by_period_and_root(page, server):
    net = server.get("/api/network?date_from=2023&date_to=2023&root=19")
    visit(page, server, "network?date_from=2023&date_to=2023&root=19")
    assert page.locator("svg.network g.node").count() == len(net["nodes"]) > 0
    assert page.locator("form.filters select[name=root]").input_value() == "19"


def test_map_places_events_on_an_offline_base_map(page, server):
    places = server.get("/api/places")
    visit(page, server, "map")
    assert page.locator("svg.map path.country").count() > 100
    markers = page.locator("svg.map g.place")
    coords = {(p["lat"], p["lon"]) for p in places["items"]}
    assert markers.count() == len(coords) > 0
    markers.first.locator("circle").click()
    page.wait_for_selector(".place-events table.events")
    assert page.locator(".place-events table.events tbody tr").count() >= 1
    shot(page, "map.png")


def test_dyad_view_lists_the_events_under_each_bar(page, server):
    d = server.get("/api/dyads/iran/taliban")
    visit(page, server, "dyad/iran/taliban")
    bars = page.locator("svg.chart g.bar")
    assert bars.count() == len(d["series"]) > 0
    months = page.locator(".months section.month")
    assert months.all_text_contents() and months.count() == len(d["series"])
    last = d["series"][-1]["month"]
    page.locator(f"svg.chart g.bar[data-bucket='{last}'] rect.hit").click()
    selected = page.locator(".month.selected")
    assert selected.count() == 1 and selected.get_attribute("data-month") == last
    assert selected.locator("table.events tbody tr").count() >= 1
    assert page.locator("table.series tbody tr").count() == len(d["series"])
    shot(page, "dyad.png")


def test_search_over_text_and_evidence(page, server):
    visit(page, server)
    page.fill("#search-q", "border guards")
    page.press("#search-q", "Enter")
    wait_page(page, "search")
    r = server.get("/api/search?q=border%20guards")
    assert page.locator("ol.hits").first.locator("li").count() == len(r["documents"]["items"])
    assert page.locator("mark.match").count() >= len(r["documents"]["items"]) + len(r["evidence"]["items"])
    assert all(t.lower() == "border guards" for t in page.locator("mark.match").all_text_contents())
    shot(page, "search.png")


def test_events_page_filters(page, server):
    api = server.get("/api/events?quad=4&limit=50")
    visit(page, server, "events?view=mentions&quad=4")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == len(api["items"]) > 0
    assert rows.locator(".badge.q4").count() == rows.count()
    assert page.locator("form.filters select[name=quad]").input_value() == "4"
    page.select_option("form.filters select[name=quad]", "1")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("table.events tbody tr .badge.q1")
    shot(page, "events.png")


def test_documents_and_actors_lists(page, server):
    docs = server.get("/api/documents?limit=50")
    visit(page, server, "documents")
    assert page.locator("table.documents tbody tr").count() == len(docs["items"])
    visit(page, server, "actors?q=tehran")
    assert "Iran" in page.locator("table.actors tbody").text_content()


# -- hostile input ------------------------------------------------------------------------------

def assert_nothing_ran(page: Page) -> None:
    page.wait_for_timeout(400)  # time for an onerror to fire, were there an <img>
    assert page.evaluate("() => typeof window.__dyad_pwned") == "undefined"
    assert page.locator("main script, main img, main iframe").count() == 0
    assert page.watch.dialogs == []  # type: ignore[attr-defined]


def test_hostile_article_is_shown_as_text_and_runs_nothing(page, server):
    visit(page, server, "document/hostile-article")
    text = page.locator(".article-text").text_content()
    assert '<script>window.__dyad_pwned = "script"; alert("script ran")</script>' in text
    assert "<img src=x onerror=" in text
    assert "<script>" in page.locator("h2.article-title").text_content()
    assert "<img" in page.locator(".article .outlet").text_content()
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator(".article-text mark").count() >= 2
    assert_nothing_ran(page)
    shot(page, "hostile-article.png")

    events = server.get("/api/events?outlet=" + urllib.request.quote(
        server.get("/api/documents/hostile-article")["outlet"]))
    assert events["items"]
    visit(page, server, f"event/{events['items'][0]['id']}")
    assert "<" in page.locator("mark.current").text_content()
    assert_nothing_ran(page)
    visit(page, server, "search?q=onerror")
    assert page.locator("mark.match").count() >= 1
    assert_nothing_ran(page)
    visit(page, server, "timeline?date_from=2024-03&date_to=2024-03")
    assert_nothing_ran(page)


def test_conflicts_with_their_sides_and_credibility(page, conflict_server):
    conflicts = conflict_server.get("/api/conflicts")["items"]
    visit(page, conflict_server)
    assert page.locator(".conflict-card").count() == len(conflicts) == 2
    k1 = next(c for c in conflicts if c["id"] == "k1")
    visit(page, conflict_server, f"event/{k1['event_id']}")
    card = page.locator(".conflict-card")
    assert card.count() == 1 and "who fired first" in card.text_content()
    assert card.locator("ol.sides > li").count() == 2
    assert "<img src=x onerror=" in card.text_content()
    assert card.locator("ol.sides a[href='#/document/12-border-clash-taliban-account']").count() == 1
    assert page.locator("dd.credibility").text_content() == "0.8"
    assert_nothing_ran(page)
    shot(page, "conflicts.png")
    # every conflict on a page of its own, reached from the navigation
    visit(page, conflict_server)
    page.locator("#nav a[href='#/conflicts']").click()
    page.wait_for_selector(".page-conflicts .conflict-card")
    assert page.locator(".page-conflicts .conflict-card").count() == len(conflicts)
    assert "of 2" in page.locator(".page-conflicts .pager").text_content()
    assert_nothing_ran(page)
    shot(page, "conflicts-page.png")


# -- without the npm packages -------------------------------------------------------------------

def test_pages_load_without_the_npm_packages(page, bare_server):
    visit(page, bare_server)
    notice = page.locator("#notice")
    assert notice.is_visible() and "npm ci --prefix web" in notice.text_content()
    assert page.locator("table.top-actors tbody tr").count() > 0
    shot(page, "no-npm-packages.png")
    for route in ("timeline", "network", "map", "actor/iran", "dyad/iran/taliban"):
        visit(page, bare_server, route)
        assert "npm ci --prefix web" in page.locator(".notice.inline").first.text_content(), route
    page.watch.console.clear()  # type: ignore[attr-defined]  # the 404s for the missing libraries
