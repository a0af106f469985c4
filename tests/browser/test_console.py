"""The facilitator console's controls, each pressed once against a real room."""

import re

from playwright.async_api import expect

from tests.support.client import GameClient
from tests.support.rooms import seat_players
from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS, create_room_in_console, join_through_form
from .pages import PageSet

LONG = {"briefing": 300, "replying": 300, "voting": 300, "reveal": 300, "scoreboard": 300}


def _seconds_left(text: str) -> int:
    match = re.search(r"(\d+):(\d\d) left", text)
    assert match, text
    return int(match[1]) * 60 + int(match[2])


async def test_console_controls_steer_the_room(pages: PageSet, server: RunningServer) -> None:
    console, code, _ = await create_room_in_console(pages, LONG)
    page = console.page
    url = server.ws_url(code)
    ana, ben, cy, dev = await seat_players(server, code, ["Ana", "Ben", "Cy", "Dev"])

    await page.get_by_role("button", name="Lock room").click()
    await expect(page.get_by_role("button", name="Unlock room")).to_be_visible()
    late = await GameClient.unseated(url)
    await late.refused("room_locked", type="join", name="Late")
    await page.get_by_role("button", name="Unlock room").click()
    await expect(page.get_by_role("button", name="Lock room")).to_be_visible()
    await late.close()

    await page.get_by_role("button", name="Kick Dev").click()
    await expect(page.get_by_role("button", name="Kick Dev")).to_have_count(0)
    eve = (await join_through_form(pages, code, "Eve", "eve")).page
    await page.get_by_role("button", name="Kick Eve").click()
    await expect(eve.get_by_role("alert")).to_have_text(
        "The host removed you from the game. You may join again."
    )
    await expect(eve.get_by_label("Room code")).to_have_value(code)
    await page.get_by_role("button", name="Start game").click()
    await expect(page.get_by_role("heading", name="Briefing")).to_be_visible()
    await expect(page.get_by_text("Hidden need", exact=True)).to_be_visible()
    await expect(page.get_by_text("Model reply", exact=True)).to_be_visible()

    timer = page.get_by_role("timer")
    await page.get_by_role("button", name="Pause").click()
    await expect(timer).to_contain_text("Paused")
    await page.get_by_role("button", name="Resume").click()
    await expect(timer).not_to_contain_text("Paused")
    before = _seconds_left(await timer.inner_text())
    await page.get_by_role("button", name="Add 30 seconds").click()
    await expect(timer).to_contain_text(re.compile(r"5:[23]\d left"))
    assert _seconds_left(await timer.inner_text()) > before

    await page.get_by_role("button", name="Skip").click()
    await expect(page.get_by_role("heading", name="Replying")).to_be_visible()
    for bot in (ben, cy):
        await bot.phase("replying")
        await bot.request(type="reply", text=f"{bot.player_id} will sort it out")
    await expect(page.get_by_role("heading", name="Voting")).to_be_visible(timeout=UI_TIMEOUT_MS)
    await expect(page.get_by_text("Still to vote:")).to_be_visible()

    hide = page.get_by_role("button", name=re.compile(r"^Hide reply \d$")).first
    await hide.click()
    await expect(page.get_by_text("Hidden from players")).to_have_count(1)
    voting = await ana.until(lambda s: s["phase"] == "voting" and len(s["replies"]) == 1)
    assert len(voting["replies"]) == 1

    await page.get_by_role("button", name="End game").click()
    await page.get_by_role("button", name="Yes, end the game").click()
    await expect(page.get_by_role("heading", name="Final standings")).to_be_visible()
    await expect(page.get_by_role("button", name="Set up a new room")).to_be_visible()
    for bot in (ana, ben, cy, dev):
        await bot.close()
    await page.get_by_role("button", name="Set up a new room").click()
    await expect(page.get_by_role("button", name="Create room")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('counterplay.host')") is None
