"""A player reloads mid-round, loses the network, and opens the game in a second tab: the
seat, the score, the sent reply and the unsent draft all survive.

The phone reaches the server through a TCP proxy the test can cut (open connections reset,
new ones refused), as a dropped Wi-Fi would; the other players are raw WebSocket clients.
"""

from dataclasses import dataclass
from typing import Any

from playwright.async_api import Page, expect

from tests.support.client import GameClient
from tests.support.rooms import QUICK_TIMERS, open_as_host, open_room, seat_players
from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS, join_through_form, send_text, vote_for_first_other_reply
from .pages import PageSet, WatchedPage
from .proxy import CuttableLine

DRAFT = "A better draft, not sent yet"


@dataclass
class Table:
    """The room around the phone: its code, the host and two players on raw sockets."""

    server: RunningServer
    code: str
    host: GameClient
    ana: GameClient
    ben: GameClient

    async def close(self) -> None:
        for client in (self.host, self.ana, self.ben):
            await client.close()


def _uma(state: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in state["players"] if p["name"] == "Uma")


async def _vote_for_uma(voters: list[GameClient], uma_text: str, round_number: int) -> None:
    for voter in voters:
        state = await voter.phase("voting", round_number)
        reply_id = next(r["id"] for r in state["replies"] if r["text"] == uma_text)
        assert (await voter.request(type="vote", reply_id=reply_id))["type"] == "ack"


async def _round_one(page: Page, table: Table) -> None:
    """Ana is the customer; both votes go to Uma's reply: 100 + (100 + 300)."""
    await table.ana.phase("briefing", 1)
    await table.ana.request(type="opening", text="My parcel never came.")
    await send_text(page, "Your reply", "Round one from Uma")
    await table.ben.phase("replying", 1)
    await table.ben.request(type="reply", text="Round one from Ben")
    await _vote_for_uma([table.ana, table.ben], "Round one from Uma", 1)
    await vote_for_first_other_reply(page, last=True)
    await expect(page.locator("#score-label")).to_have_text("500 points", timeout=UI_TIMEOUT_MS)


async def _reload_mid_round(page: Page, table: Table) -> None:
    """Round 2, Ben is the customer: Uma sends a reply, starts a better one, and reloads."""
    await table.ben.phase("briefing", 2)
    await table.ben.request(type="opening", text="The invoice is wrong again.")
    await send_text(page, "Your reply", "Sent before the reload")
    await expect(page.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    await page.get_by_label("Your reply", exact=True).fill(DRAFT)
    await page.reload()
    await expect(page.get_by_label("Your reply", exact=True)).to_have_value(
        DRAFT, timeout=UI_TIMEOUT_MS
    )
    await expect(page.locator(".sent-text")).to_have_text("Sent before the reload")
    await expect(page.locator("#score-label")).to_have_text("500 points")
    await expect(page.locator("#round-label")).to_have_text("Round 2 of 2")


async def _drop_the_line(player: WatchedPage, line: CuttableLine) -> None:
    """A banner says so, Send waits, nothing typed is lost, and the seat comes back."""
    page = player.page
    # Chromium logs each reconnect attempt refused while the line is down.
    player.allow_console_error("ERR_CONNECTION_REFUSED")
    line.cut()
    banner = page.locator("#connection-banner")
    await expect(banner).to_have_text("Reconnecting…")
    await expect(page.get_by_role("button", name="Send", exact=True)).to_be_disabled()
    line.restore()
    await expect(banner).to_be_hidden(timeout=UI_TIMEOUT_MS)
    await expect(page.get_by_label("Your reply", exact=True)).to_have_value(DRAFT)
    await page.get_by_role("button", name="Send", exact=True).click()
    await expect(page.locator(".sent-text")).to_have_text(DRAFT)


async def _second_tab(page: Page, table: Table) -> None:
    """The seat opened elsewhere: this page stops, says why, and does not take the seat back
    by itself; once the other tab is gone, one click does."""
    token = await page.evaluate(f"localStorage.getItem('counterplay.token.{table.code}')")
    other_tab = await GameClient.open(table.server.ws_url(table.code), type="rejoin", token=token)
    banner = page.locator("#connection-banner")
    await expect(banner).to_contain_text("This game is open in another tab.")
    await page.wait_for_timeout(1500)
    await expect(banner).to_contain_text("This game is open in another tab.")
    await other_tab.close()
    await table.host.until(lambda s: not _uma(s)["connected"])
    await page.get_by_role("button", name="Play in this tab instead").click()
    await table.host.until(lambda s: _uma(s)["connected"])
    await expect(banner).to_be_hidden()


async def _finish(page: Page, table: Table) -> None:
    """Ana replies, both vote for Uma's new reply again: 500 + 500."""
    await table.ana.phase("replying", 2)
    await table.ana.request(type="reply", text="Round two from Ana")
    # Uma votes first: the phase cannot end before her vote, so a slow machine cannot
    # reveal the round while her ballot is still on its way.
    await vote_for_first_other_reply(page)
    await _vote_for_uma([table.ben, table.ana], DRAFT, 2)
    await expect(page.get_by_role("heading", name="Game over")).to_be_visible(timeout=UI_TIMEOUT_MS)
    await expect(page.get_by_text("You finished 1st of 3 with 1000 points.")).to_be_visible()


async def test_reload_drop_and_second_tab_keep_everything(
    pages: PageSet, server: RunningServer
) -> None:
    # Long replying and voting timers: this test spends a while in round 2 on purpose, and a
    # deadline passing before Ana replies would leave Uma nothing to vote for.
    room = open_room(server, rounds=2, timers={**QUICK_TIMERS, "replying": 300, "voting": 300})
    host = await open_as_host(server, room)
    ana, ben = await seat_players(server, room["code"], ["Ana", "Ben"])
    table = Table(server, room["code"], host, ana, ben)
    async with CuttableLine(server.port) as line:
        uma = await join_through_form(pages, table.code, "Uma", "uma", path=f"{line.http_url}/")
        assert (await host.request(type="start"))["type"] == "ack"
        await _round_one(uma.page, table)
        await _reload_mid_round(uma.page, table)
        await _drop_the_line(uma, line)
        await _second_tab(uma.page, table)
        await _finish(uma.page, table)
    await table.close()
