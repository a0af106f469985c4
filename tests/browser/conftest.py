"""Browser fixtures: Debian's Chromium driven by Playwright, and a real server per module.

Without /usr/bin/chromium the browser tests are skipped with a reason, except on CI
(`CI=true`), where a missing browser is a failure.
"""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from tests.support.server import RunningServer, running_server

from .pages import PageSet

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NO_CHROMIUM = (
    f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium); "
    "Playwright's own browser download is not used."
)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{NO_CHROMIUM} CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    _require_chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A real `counterplay serve` on the embedded store, one per test module."""
    with running_server(tmp_path_factory.mktemp("browser-logs")) as running:
        yield running


@pytest.fixture
async def pages(browser: Browser, server: RunningServer) -> AsyncIterator[PageSet]:
    """Opens pages in their own browser contexts; fails the test on any console error,
    uncaught exception or dialog on any of them."""
    page_set = PageSet(browser, server.http_url)
    try:
        yield page_set
    finally:
        await page_set.close()
    page_set.assert_clean()
