"""The dashboard in a real browser: `streamlit run app.py` on the small trained demo (conftest),
every page opened in headless Chromium (Debian's, not Playwright's download) with no error box
and no console error; the offer form answers and a shared link opens with its filters.

Screenshots of every page land in tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipelines.analytics import queries
from pipelines.analytics.filters import Filters
from pipelines.warehouse import db

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install chromium")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
# Page module → URL path ("" is the default page); pages that always draw a Plotly chart.
PAGES = {
    "trends": "",
    "segments": "segments",
    "benchmark": "benchmark",
    "vacancies": "vacancies",
    "data": "data",
    "model": "model",
}
CHARTED = {"trends", "segments", "data", "model"}
TIMEOUT_MS = 90_000  # the first run imports pandas, sklearn and plotly on a shared 2-core box
IDLE_FOR_A_SECOND = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app && app.dataset.testScriptState === "notRunning"
        && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]');
    window.idleSince = idle ? window.idleSince || performance.now() : null;
    return idle && performance.now() - window.idleSince > 1000;
}"""
# Console errors that are not the app's. Opened directly, a page's URL makes Streamlit's frontend
# try /<page>/_stcore/health and /host-config first (404) before the root's: streamlit#7074.
CONSOLE_NOISE = (
    re.compile(r"status of 404 .* @ https?://[^/]+/[^/]+/_stcore/(health|host-config)$"),
)


def page_title(name: str, language: int | str = 0) -> str:
    """The title a page module declares in its texts dict, T["title"]: language 0 or "ru" for
    Russian, 1 or "en" for English."""
    tree = ast.parse((ROOT / "app_pages" / f"{name}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)):
            continue
        if not any(isinstance(t, ast.Name) and t.id == "T" for t in node.targets):
            continue
        for key, value in zip(node.value.keys, node.value.values, strict=True):
            if isinstance(key, ast.Constant) and key.value == "title":
                index = language if isinstance(language, int) else int(language == "en")
                return ast.literal_eval(value)[index]
    raise AssertionError(f"app_pages/{name}.py: no T['title'] (the page is a placeholder?)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(trained_demo, tmp_path_factory):
    """The base URL of `streamlit run app.py` on the trained warehouse; stopped afterwards."""
    warehouse, models = trained_demo
    port = free_port()
    env = {**os.environ, "PAYSCOPE_DB": str(warehouse), "PAYSCOPE_MODELS": str(models)}
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with streamlit_server(port, env, log_path) as base:
        yield base


@contextmanager
def streamlit_server(port: int, env: dict, log_path: Path) -> Iterator[str]:
    """`streamlit run app.py` on 127.0.0.1:`port` with `env`, output in `log_path`: yields the
    base URL once the health check answers; the server is stopped afterwards."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(base: str, process: subprocess.Popen, log_path: Path, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text()
            raise AssertionError(f"streamlit exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"streamlit did not answer in {seconds} s:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser session (a new Streamlit session) that records console errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.console_errors = []
    tab.on(
        "console",
        lambda m: (
            m.type == "error"
            and tab.console_errors.append(f"{m.text} @ {m.location.get('url', '')}")
        ),
    )
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()


def open_page(tab, url: str, title: str) -> None:
    tab.goto(url, wait_until="domcontentloaded")
    settle(tab, title)


def settle(tab, title: str) -> None:
    """Wait until the page's title is drawn and the app has stayed idle for a second: the script
    not running and no skeleton left (a first run can trigger a second, e.g. the URL sync)."""
    tab.get_by_role("heading", name=title, level=1).wait_for()
    tab.wait_for_function(IDLE_FOR_A_SECOND, polling=100)


def assert_no_errors(tab) -> None:
    exceptions = tab.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    for alert in tab.locator('[data-testid="stAlert"]').all():
        text = alert.inner_text()
        assert not re.search(r"Error|Traceback|Ошибка", text), text
    errors = [e for e in tab.console_errors if not any(n.search(e) for n in CONSOLE_NOISE)]
    assert not errors, errors


def screenshot(tab, name: str, width: int = 1400) -> None:
    """The whole page: Streamlit scrolls inside stMain, so grow the viewport to fit it."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = tab.evaluate(
        'Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stSidebarContent"]\')].map(e => e.scrollHeight), 900)'
    )
    tab.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})
    tab.wait_for_timeout(500)  # Plotly redraws on resize
    tab.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def metric(tab, label: str) -> str:
    box = tab.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_without_errors(server, page, name, language):
    title = page_title(name, language)
    query = "?lang=en" if language == "en" else ""

    open_page(page, f"{server}/{PAGES[name]}{query}", title)
    if name in CHARTED:
        page.locator(".js-plotly-plot .main-svg").first.wait_for()

    banner = "synthetic" if language == "en" else "синтетические"
    assert banner in page.locator('[data-testid="stAlert"]').first.inner_text()
    assert page.locator("h1").first.inner_text().strip() == title
    assert_no_errors(page)
    screenshot(page, name if language == "ru" else f"{name}-en")


@pytest.mark.parametrize("name", ["trends", "segments", "vacancies"])
def test_pay_on_the_net_basis_is_labelled_so(server, page, name):
    title = page_title(name)
    open_page(page, f"{server}/{PAGES[name]}?pay=net", title)
    if name in CHARTED:
        page.locator(".js-plotly-plot .main-svg").first.wait_for()

    assert "на руки" in page.locator('[data-testid="stMain"]').inner_text()
    assert_no_errors(page)
    screenshot(page, f"{name}-net")


def test_the_offer_form_with_its_defaults_gives_a_percentile(server, page):
    title = page_title("benchmark")
    open_page(page, f"{server}/benchmark", title)

    page.get_by_role("button", name="Оценить").click()
    page.locator('[data-testid="stMetric"]').filter(has_text="Перцентиль").wait_for()
    settle(page, title)
    page.locator(".js-plotly-plot .main-svg").first.wait_for()

    assert re.fullmatch(r"\d{1,3}", metric(page, "Перцентиль"))
    assert_no_errors(page)
    screenshot(page, "benchmark-offer")


def test_a_shared_link_opens_with_its_filters(server, page, trained_demo):
    con = db.connect(trained_demo[0], read_only=True)
    expected = queries.summary(con, Filters(role_family=("chat_support",))).at[0, "vacancies"]
    con.close()

    open_page(page, f"{server}/?role_family=chat_support", page_title("trends"))

    chosen = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Профессия")
    assert "оператор чата" in chosen.inner_text()
    assert re.sub(r"\D", "", metric(page, "Вакансий")) == str(expected)
    assert "role_family=chat_support" in page.url
    assert_no_errors(page)


WIDTHS = (390, 1400)  # a phone held upright, a laptop


def overlaps(a: dict | None, b: dict | None) -> bool:
    if not a or not b or not a["width"] or not b["width"]:
        return False
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ("ru", "en"))
def test_every_page_at_phone_and_laptop_width_in_both_languages(server, browser, width, language):
    """Screenshots <page>-<lang>-<width>.png in tests/artifacts/ for a person to look at; no
    error, and no chart toolbar over a legend (it covered the Segments legend on a phone)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.console_errors = []
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    try:
        for name, path in PAGES.items():
            title = page_title(name, ("ru", "en").index(language))
            query = "?lang=en" if language == "en" else ""
            open_page(tab, f"{server}/{path}{query}", title)
            if name == "benchmark":
                submit = "Оценить" if language == "ru" else "Benchmark"
                tab.get_by_role("button", name=submit).click()
                tab.locator('[data-testid="stMetric"]').first.wait_for()
                settle(tab, title)
            if name in CHARTED or name == "benchmark":
                tab.locator(".js-plotly-plot .main-svg").first.wait_for()
            assert_no_errors(tab)
            for chart in tab.locator(".js-plotly-plot").all():
                chart.hover()  # the toolbar shows on hover
                legend = chart.locator(".legend").first
                bar = chart.locator(".modebar").first
                if legend.count() and bar.count():
                    assert not overlaps(legend.bounding_box(), bar.bounding_box()), name
            screenshot(tab, f"{name}-{language}-{width}", width)
            tab.set_viewport_size({"width": width, "height": 900})
    finally:
        context.close()


def test_the_offer_form_reads_in_order_on_a_phone(server, browser):
    """At 390 px the columns stack: the amount, then «на руки / до НДФЛ», then the period."""
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    try:
        open_page(tab, f"{server}/benchmark", page_title("benchmark"))
        form = tab.locator('[data-testid="stMain"]')  # the sidebar has a «Профессия» too
        labels = ("Сумма, ₽", "Сумма указана", "За", "Должность", "Профессия")
        tops = [form.get_by_text(label, exact=True).first.bounding_box()["y"] for label in labels]
        assert tops == sorted(tops), tops
    finally:
        context.close()


def test_the_title_box_suggests_titles_and_takes_any_text(server, page):
    """Words typed in the title box bring the commonest matching titles with counts under it; a
    click on one searches it (and the URL says so)."""
    open_page(page, f"{server}/", page_title("trends"))
    box = page.locator('[data-testid="stSidebar"] input[type="text"]').first
    box.fill("оператор")
    box.press("Enter")
    settle(page, page_title("trends"))
    pills = page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button').filter(
        has_text=" · ")  # not the language switch
    pills.first.wait_for()
    shown = pills.all_inner_texts()
    assert shown and all("оператор" in o.lower() and " · " in o for o in shown), shown

    pills.first.click()
    picked = shown[0].split(" · ")[0]
    in_url = "t => new URLSearchParams(location.search).get('title') === t"
    page.wait_for_function(in_url, arg=picked)
    settle(page, page_title("trends"))
    assert box.input_value() == picked
    assert_no_errors(page)
    assert "Add:" not in page.locator('[data-testid="stSidebar"]').inner_text()
