"""Pages under watch: each in its own browser context, with console errors, uncaught
exceptions and dialogs recorded, the CSP header checked, and screenshots on request."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Response

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
PROJECTOR = {"width": 1920, "height": 1080}

CSP_PARTS = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'")


def assert_csp(response: Response | None, url: str) -> None:
    assert response is not None, f"no response for {url}"
    csp = response.headers.get("content-security-policy", "")
    missing = [part for part in CSP_PARTS if part not in csp]
    assert not missing, f"{url}: CSP header lacks {missing}: {csp!r}"


@dataclass
class WatchedPage:
    """A page and what went wrong on it."""

    label: str
    context: BrowserContext
    page: Page
    problems: list[str] = field(default_factory=list)
    allowed_errors: list[str] = field(default_factory=list)

    def allow_console_error(self, text: str) -> None:
        """Expect a console error containing `text` (Chromium logs every 4xx response)."""
        self.allowed_errors.append(text)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(a in message.text for a in self.allowed_errors):
            self.problems.append(f"{self.label}: console error: {message.text}")

    def _page_error(self, error: Exception) -> None:
        self.problems.append(f"{self.label}: uncaught: {error}")

    async def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"{self.label}: a {dialog.type} dialog opened: {dialog.message!r}")
        await dialog.dismiss()

    def watch(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("dialog", self._dialog)

    async def goto(self, url: str) -> Response | None:
        response = await self.page.goto(url)
        assert_csp(response, url)
        return response

    async def shoot(self, name: str, viewports: dict[str, dict[str, int]]) -> None:
        """Full-page screenshots at each named viewport, then back to the page's own size."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        own = self.page.viewport_size
        for size_name, size in viewports.items():
            await self.page.set_viewport_size(size)
            await self.page.evaluate("window.scrollTo(0, 0)")
            await self.page.wait_for_timeout(60)
            await self.page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{size_name}.png"), full_page=True
            )
        if own:
            await self.page.set_viewport_size(own)

    async def evaluate(self, script: str, arg: Any = None) -> Any:
        return await self.page.evaluate(script, arg)


class PageSet:
    """Every page a test opened; closes their contexts and reports their problems."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.opened: list[WatchedPage] = []

    async def open(
        self, path: str, label: str, viewport: dict[str, int] = PHONE, **context_options: Any
    ) -> WatchedPage:
        context = await self.browser.new_context(
            viewport=viewport, base_url=self.base_url, **context_options
        )
        watched = WatchedPage(label, context, await context.new_page())
        watched.watch()
        self.opened.append(watched)
        await watched.goto(path)
        return watched

    def adopt(self, label: str, page: Page) -> WatchedPage:
        """Watch a page the app opened itself (a popup)."""
        watched = WatchedPage(label, page.context, page)
        watched.watch()
        self.opened.append(watched)
        return watched

    async def close(self) -> None:
        contexts = {id(w.context): w.context for w in self.opened}
        for context in contexts.values():
            await context.close()

    def assert_clean(self) -> None:
        problems = [problem for watched in self.opened for problem in watched.problems]
        assert not problems, "\n".join(problems)
