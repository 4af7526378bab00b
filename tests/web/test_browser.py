"""End to end in headless Chromium: ``yusuan serve`` on a free port, a sample uploaded through the
page, its findings and a chart seen, the compare page drawn; screenshots taken.

Uses Debian's /usr/bin/chromium driven by Playwright (never Playwright's own browser builds).
Skipped where Chromium or Playwright is missing, except when ``YUSUAN_REQUIRE_BROWSER=1``
(.ci/run sets it), where that is a failure. ``YUSUAN_UPDATE_SCREENSHOTS=1`` also writes the
screenshots used by docs/web.md to docs/images/.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.webdata import DEMO_DEPARTMENTS, EXAMPLE, REPO, demo_corpus, wrong_amount_json

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STARTUP_SECONDS = 60
DOCS_IMAGES = REPO / "docs" / "images"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("YUSUAN_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def missing(reason: str) -> None:
    if os.environ.get("YUSUAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (YUSUAN_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed")
    executable = chromium_path()
    if executable is None:
        missing("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``yusuan serve --port 0`` in a child process; yields its URL from the startup line."""
    tmp = tmp_path_factory.mktemp("serve")
    command = [sys.executable, "-m", "yusuan", "serve", "--db", str(tmp / "corpus.duckdb")]
    command += ["--port", "0", "--data-dir", str(tmp / "uploads")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        line = lines.get(timeout=STARTUP_SECONDS)
    except queue.Empty:
        process.kill()
        pytest.fail(f"yusuan serve did not start: {process.stderr.read() if process.stderr else ''}")
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert "网页服务已启动" in line and found, line
    try:
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


def chart_sizes(page: Any) -> list[tuple[float, float]]:
    """Width and height of the canvas ECharts drew in each chart box of the page."""
    sizes: list[tuple[float, float]] = page.eval_on_selector_all(
        "[data-chart]",
        """boxes => boxes.map(box => {
            const canvas = box.querySelector('canvas');
            if (!canvas || box.getAttribute('data-rendered') !== 'true') return [0, 0];
            const r = canvas.getBoundingClientRect();
            return [r.width, r.height];
        })""",
    )
    return sizes


def painted(page: Any, selector: str) -> bool:
    """Whether the canvas holds any non-blank pixel (ECharts drew something, not an empty frame)."""
    result: bool = page.eval_on_selector(
        f"{selector} canvas",
        """canvas => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
            return false;
        }""",
    )
    return result


def screenshot(what: Any, tmp_path: Path, name: str) -> Path:
    """A PNG of a page (whole) or of one element (a Playwright locator)."""
    path = tmp_path / f"{name}.png"
    if hasattr(what, "goto"):
        what.screenshot(path=str(path), full_page=True)
    else:
        what.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("YUSUAN_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMAGES / f"{name}.png")
    return path


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert not problems, problems
    # Nothing is fetched from another host: the pages, scripts and styles are all local.
    assert requests and all(r.startswith((server, "data:")) for r in requests), requests


def test_upload_a_sample_and_see_its_findings_and_chart(page: Any, server: str, tmp_path: Path) -> None:
    page.goto(server)
    assert page.title().startswith("上传检查")
    page.set_input_files("input#files", str(EXAMPLE))
    with page.expect_navigation():
        page.click("form.upload button[type=submit]")
    assert "检查结果" in page.inner_text("main h1")
    findings = page.locator("ol.findings li.finding")
    assert findings.count() == 1
    assert "YR003" in findings.first.inner_text()
    assert findings.first.is_visible()
    page.wait_for_selector("[data-chart][data-rendered=true] canvas")
    sizes = chart_sizes(page)
    assert len(sizes) == 1 and sizes[0][0] > 300 and sizes[0][1] > 300, sizes
    assert painted(page, "[data-chart]")
    screenshot(page, tmp_path, "web-upload")
    with page.expect_navigation():
        page.click("text=已收入")
    assert "承德市医疗保障局" in page.inner_text("main h1")


def test_compare_page_draws_every_chart(page: Any, server: str, tmp_path: Path) -> None:
    import httpx2

    files = [("files", (name, data, "application/json")) for name, data in demo_corpus()]
    response = httpx2.post(server + "api/upload", files=files, timeout=120)
    assert response.status_code == 200 and not response.json()["errors"]

    page.goto(server + "compare")
    page.select_option("select[name=department]", list(DEMO_DEPARTMENTS))
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "3 个部门，9 份预算文件" in page.inner_text("main")
    page.wait_for_function("document.querySelectorAll('[data-rendered=true] canvas').length === 4")
    sizes = chart_sizes(page)
    assert len(sizes) == 4 and all(w > 300 and h > 250 for w, h in sizes), sizes
    for chart in ("functions", "basic-project", "three-public", "treemap"):
        assert painted(page, f"#{chart}"), chart
    assert page.locator("#figures tbody tr").count() == 9
    screenshot(page, tmp_path, "web-compare")


def test_a_wrong_amount_is_outlined_in_its_table(page: Any, server: str, tmp_path: Path) -> None:
    source = tmp_path / "改错一个数.json"
    source.write_bytes(wrong_amount_json(11))
    page.goto(server)
    page.set_input_files("input#files", [str(source), str(EXAMPLE)])
    with page.expect_navigation():
        page.click("form.upload button[type=submit]")
    assert page.locator("table.overview tbody tr").count() == 2
    cell = page.locator("td.cell-hit.sev-error").first
    cell.scroll_into_view_if_needed()
    assert cell.is_visible()
    # The outlined cell links to its finding; the finding names the cell's table.
    anchor = cell.locator("sup.links a").first.get_attribute("href")
    assert anchor and page.locator(anchor).is_visible()
    assert "支出总表" in page.locator(anchor).inner_text()
    table = page.locator("section.table", has=page.locator("td.cell-hit.sev-error")).first
    screenshot(table, tmp_path, "web-report")
