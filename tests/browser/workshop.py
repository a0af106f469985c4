"""Steps for the workshop features (moderation, visibility, teams, debrief, reports,
history): a room opened with the new settings through the console's form, joining with a
team on the phone, and bots that play their part of a round over raw WebSockets."""

import re
from typing import Any

import httpx
from playwright.async_api import Locator, Page, ViewportSize, expect

from tests.support.client import GameClient, State
from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS
from .pages import LAPTOP, PHONE, SCREENSHOTS, PageSet, WatchedPage

# Phases move on only when everyone has acted or the console presses Skip, never by a timer.
LONG = {"briefing": 600, "replying": 600, "voting": 600, "reveal": 600, "scoreboard": 600}


async def create_room_with_settings(
    pages: PageSet,
    *,
    moderation: str | None = None,
    leaderboard: str | None = None,
    anonymous: bool = False,
    teams: tuple[str, ...] = (),
    label: str = "",
    rounds: int | None = None,
) -> tuple[WatchedPage, str, str]:
    """Fill the console's form (long timers) and create the room; returns (console, code,
    host token)."""
    console = await pages.open("/host", "console", LAPTOP)
    page = console.page
    await expect(page.get_by_label("Deck")).to_have_value("core")
    for phase, seconds in LONG.items():
        await page.get_by_label(phase.capitalize(), exact=True).fill(str(seconds))
    if rounds is not None:
        await page.get_by_label("Rounds").fill(str(rounds))
    if moderation:
        await page.get_by_label("Profanity check").select_option(moderation)
    if leaderboard:
        await page.get_by_label("Public leaderboard").select_option(leaderboard)
    if anonymous:
        await page.get_by_label("Anonymous projector").check()
    if teams:
        await page.get_by_label("Team names, one per line").fill("\n".join(teams))
    if label:
        await page.get_by_label("Who is this game for?").fill(label)
    await page.get_by_role("button", name="Create room").click()
    code = (await page.locator(".big-code").text_content(timeout=UI_TIMEOUT_MS)) or ""
    session = await page.evaluate("JSON.parse(sessionStorage.getItem('counterplay.host'))")
    assert session["code"] == code
    return console, code, session["host_token"]


async def join_with_team(
    pages: PageSet, code: str, name: str, team: str, screenshot: str | None = None
) -> WatchedPage:
    """Open the room's join link on a phone, pick `team` and join as `name` (first trying
    without a team, which the form refuses)."""
    player = await pages.open(f"/play?room={code}", name)
    page = player.page
    choice = page.get_by_role("radio", name=team, exact=True)
    await expect(choice).to_be_visible(timeout=UI_TIMEOUT_MS)
    await page.get_by_label("Your name").fill(name)
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("alert")).to_have_text("Pick your team.")
    if screenshot:
        await player.shoot(screenshot, {"phone": PHONE})
    await choice.check()
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("heading", name=f"You're in, {name}!")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await expect(page.locator(".team-line")).to_have_text(f"Your team: {team}")
    return player


async def shoot_on_a_phone(page: Page, part: Locator, name: str) -> None:
    """A screenshot of one part of the page at phone width, for people to check its layout."""
    own = page.viewport_size
    await page.set_viewport_size(ViewportSize(width=PHONE["width"], height=PHONE["height"]))
    await part.screenshot(path=SCREENSHOTS / f"{name}-phone.png")
    if own:
        await page.set_viewport_size(own)


async def bot(server: RunningServer, code: str, name: str, **join: Any) -> GameClient:
    return await GameClient.open(server.ws_url(code), type="join", name=name, **join)


async def host_bot(server: RunningServer, code: str, token: str) -> GameClient:
    """A second host socket, to read what the host sees (reply ids, authors, the card)."""
    return await GameClient.open(server.ws_url(code), type="host", token=token)


async def accepted(client: GameClient, **message: Any) -> None:
    answer = await client.request(**message)
    assert answer["type"] == "ack", answer


async def open_with(customer: GameClient, text: str) -> None:
    await customer.phase("briefing")
    await accepted(customer, type="opening", text=text)


async def reply_with(agent: GameClient, text: str) -> None:
    await agent.phase("replying")
    await accepted(agent, type="reply", text=text)


def reply_with_text(state: State, text: str) -> dict[str, Any]:
    return next(reply for reply in state["replies"] if reply["text"] == text)


async def vote_for(voter: GameClient, text: str, skill: str | None = None) -> None:
    """Vote for the reply reading `text`, once the voter's ballot shows it."""
    state = await voter.until(
        lambda s: s["phase"] == "voting" and any(r["text"] == text for r in s["replies"])
    )
    extra = {"skill": skill} if skill else {}
    await accepted(voter, type="vote", reply_id=reply_with_text(state, text)["id"], **extra)


async def vote_in_ui(page: Page, text: str) -> None:
    """Press the vote button on the phone's ballot card that shows `text`."""
    card = page.locator("article.reply-card", has_text=text)
    await card.get_by_role("button", name=re.compile(r"^Vote for reply")).click()


OPENING = "You charged me twice and nobody answers my emails."
BEN_REPLY = "That's maddening, I'm sorry. I've refunded the second charge just now."
CY_REPLY = "Please allow 5-7 working days for billing to look into it."


async def seat_three(server: RunningServer, code: str) -> list[GameClient]:
    """Ana, Ben and Cy, in that join order: Ana is round 1's customer."""
    return [await bot(server, code, name) for name in ("Ana", "Ben", "Cy")]


async def play_round_one(ana: GameClient, ben: GameClient, cy: GameClient) -> None:
    """Round 1 up to its reveal: Ana's pick and Cy's vote (tagged empathy) go to Ben's reply,
    Ben's vote to Cy's. Ben scores 500, Cy 100."""
    await open_with(ana, OPENING)
    await reply_with(ben, BEN_REPLY)
    await reply_with(cy, CY_REPLY)
    await vote_for(ana, BEN_REPLY)
    await vote_for(cy, BEN_REPLY, skill="empathy")
    await vote_for(ben, CY_REPLY)


async def report(server: RunningServer, code: str, token: str, fmt: str) -> httpx.Response:
    """GET the room's report in `fmt` with the host token, as the console's buttons do."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(
            f"{server.http_url}/api/rooms/{code}/report",
            params={"format": fmt},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    return response


async def public_leaderboard(server: RunningServer, code: str) -> dict[str, Any]:
    """The room's leaderboard as anyone may read it: no token."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{server.http_url}/api/rooms/{code}/leaderboard")
    assert response.status_code == 200, response.text
    board: dict[str, Any] = response.json()
    return board
