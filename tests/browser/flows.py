"""What people do in the UI: open a room in the console, join, write, vote, read standings."""

from playwright.async_api import Page, expect

from .pages import LAPTOP, PROJECTOR, PageSet, WatchedPage

UI_TIMEOUT_MS = 15_000


async def create_room_in_console(
    pages: PageSet, timers: dict[str, int], rounds: int | None = None, label: str = "console"
) -> tuple[WatchedPage, str, str]:
    """Open /host, fill the form and press "Create room"; returns (console, code, host token)."""
    console = await pages.open("/host", label, LAPTOP)
    page = console.page
    await expect(page.get_by_label("Deck")).to_have_value("core")
    for phase, seconds in timers.items():
        await page.get_by_label(phase.capitalize(), exact=True).fill(str(seconds))
    if rounds is not None:
        await page.get_by_label("Rounds").fill(str(rounds))
    await page.get_by_role("button", name="Create room").click()
    code = (await page.locator(".big-code").text_content(timeout=UI_TIMEOUT_MS)) or ""
    await expect(page.get_by_role("img", name=f"QR code to join room {code}")).to_be_visible()
    session = await page.evaluate("JSON.parse(sessionStorage.getItem('counterplay.host'))")
    assert session["code"] == code
    assert "token" not in page.url and session["host_token"] not in page.url
    return console, code, session["host_token"]


async def open_projector(
    pages: PageSet, console: WatchedPage, code: str, token: str
) -> WatchedPage:
    """Press "Open projector view" (checking the popup finds the room from its fragment), then
    show the same view in a projector-sized context of its own."""
    async with console.context.expect_page() as popup_info:
        await console.page.get_by_role("button", name="Open projector view").click()
    popup = pages.adopt("projector-popup", await popup_info.value)
    await expect(popup.page.locator(".screen-code")).to_have_text(code, timeout=UI_TIMEOUT_MS)
    assert token not in popup.page.url, "the host token stays out of the address bar"
    await popup.page.close()
    return await pages.open(f"/screen#room={code}&token={token}", "projector", PROJECTOR)


async def join_through_form(
    pages: PageSet, code: str, name: str, label: str, path: str = "/"
) -> WatchedPage:
    player = await pages.open(path, label)
    page = player.page
    if not await page.get_by_label("Room code").input_value():
        await page.get_by_label("Room code").fill(code)
    await page.get_by_label("Your name").fill(name)
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("heading", name="You're in")).to_be_visible(timeout=UI_TIMEOUT_MS)
    return player


async def is_customer(page: Page) -> bool:
    heading = page.get_by_role("heading", level=1)
    await expect(heading).not_to_have_text("Rejoining…")
    return (await heading.text_content()) == "You are the customer"


async def send_text(page: Page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    await expect(box).to_be_visible(timeout=UI_TIMEOUT_MS)
    await box.fill(text)
    await page.get_by_role("button", name="Send", exact=True).click()


async def vote_for_first_other_reply(
    page: Page, skill: str | None = None, last: bool = False
) -> None:
    """Vote (and tag a skill); the `last` voter ends the phase, so nothing is left to check."""
    vote = page.get_by_role("button", name="Vote for reply").first
    await expect(vote).to_be_visible(timeout=UI_TIMEOUT_MS)
    await vote.click()
    if last:
        return
    await expect(page.get_by_role("button", name="Voted for reply")).to_be_visible()
    if skill:
        chip = page.get_by_role("button", name=skill, exact=True)
        await chip.click()
        await expect(chip).to_have_attribute("aria-pressed", "true")


STANDINGS_SCRIPT = """() => [...document.querySelectorAll('#app [data-standing]')].map(row => [
    row.querySelector('.standing-name').textContent,
    row.querySelector('.standing-score').textContent,
])"""


async def standings_shown(page: Page) -> list[tuple[str, str]]:
    rows = await page.evaluate(STANDINGS_SCRIPT)
    return [(name, score) for name, score in rows]
