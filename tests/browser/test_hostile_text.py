"""Hostile names and texts on every screen: nothing runs, no element is injected, and every
name and reply stays inside its box on a 360 px phone (and at the screen's own size).

Forty players (39 over raw WebSockets, one on a phone through the UI) with hostile names
play three rounds of hostile openings and replies, watched by the console and the projector.
The console lists everything. In a room this big the others may be sent only part of it (a
player: the top of the standings and a sample of the ballot; the projector: a sample of the
ballot), so there the test asks for what must be there (the phone's own name and reply) and
that nothing is shown that was not sent.
"""

import asyncio
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from server.engine.text import clean_name, clean_text
from server.protocol.views import TOP_STANDINGS
from tests.support.client import GameClient, votable
from tests.support.server import RunningServer

from .flows import (
    UI_TIMEOUT_MS,
    create_room_in_console,
    join_through_form,
    open_projector,
    send_text,
    vote_for_first_other_reply,
)
from .hostile import NAMES, TEXTS
from .pages import PHONE, PageSet, WatchedPage

ROUNDS = 3
LONG = {"briefing": 600, "replying": 600, "voting": 600, "reveal": 600, "scoreboard": 600}
INSPECT = (Path(__file__).parent / "inspect_page.js").read_text(encoding="utf-8")
KNOWN = {clean_name(name) for name in NAMES} | {clean_text(text) for text in TEXTS}


async def _inspect(screen: WatchedPage, expected: list[str], where: str) -> None:
    """At phone width and at the screen's own size: nothing ran or was injected, user text
    is plain and inside its box, every `expected` text is shown and nothing unknown is."""
    own = screen.page.viewport_size
    assert own is not None
    for size in (PHONE, own):
        await screen.page.set_viewport_size(size)
        report = await _inspect_when_shown(screen, expected)
        label = f"{where} on {screen.label} at {size['width']} px"
        assert not report["pwned"], f"{label}: a payload ran"
        for problem in ("injected", "handlers", "nested", "overflow"):
            assert not report[problem], f"{label}: {problem}: {report[problem][:5]}"
        shown = set(report["shown"])
        missing = [text[:40] for text in expected if text not in shown]
        assert not missing, f"{label}: not shown: {missing[:5]}"
        unknown = [text[:40] for text in shown - KNOWN if text]
        assert not unknown, f"{label}: shown but never sent: {unknown[:5]}"
    assert not screen.problems, screen.problems


async def _inspect_when_shown(screen: WatchedPage, expected: list[str]) -> dict[str, Any]:
    """The page's report once it shows every `expected` text (another screen may render a
    snapshot a moment later than the one the test waited on), or after UI_TIMEOUT_MS."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + UI_TIMEOUT_MS / 1000
    while True:
        report: dict[str, Any] = await screen.evaluate(INSPECT)
        if set(expected) <= set(report["shown"]) or loop.time() > give_up:
            return report
        await asyncio.sleep(0.1)


@dataclass
class Screens:
    phone: WatchedPage
    console: WatchedPage
    projector: WatchedPage

    async def check(
        self,
        where: str,
        everything: list[str],
        on_phone: list[str],
        on_projector: list[str] | None = None,
    ) -> None:
        await _inspect(self.phone, on_phone, where)
        await _inspect(self.console, everything, where)
        await _inspect(self.projector, everything if on_projector is None else on_projector, where)

    async def shoot(self, step: str) -> None:
        for screen in (self.phone, self.console, self.projector):
            own = screen.page.viewport_size
            assert own is not None
            await screen.shoot(f"{step}-{screen.label}", {"phone": PHONE, "own": own})


async def _play_round(
    number: int, bots: list[GameClient], screens: Screens, texts: list[str], names: dict[str, str]
) -> list[str]:
    """Play round `number` with hostile texts; returns the replies it put on the ballot."""
    phone = screens.phone.page
    state = await bots[0].phase("briefing", number)
    customer = next(bot for bot in bots if bot.player_id == state["customer_id"])
    agents = [bot for bot in bots if bot is not customer]
    opening = clean_text(texts.pop())
    assert (await customer.request(type="opening", text=opening))["type"] == "ack"
    await expect(phone.get_by_role("heading", name="Your turn to reply")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await screens.check(f"round {number} replying", [opening], [opening])

    replies = [texts.pop() for _ in range(len(agents) + 1)]
    await send_text(phone, "Your reply", replies[0])
    answers = await asyncio.gather(
        *(
            agent.request(type="reply", text=text)
            for agent, text in zip(agents, replies[1:], strict=True)
        )
    )
    assert all(answer["type"] == "ack" for answer in answers), answers
    ballot = [clean_text(reply) for reply in replies]
    await expect(phone.locator(".reply-card.is-mine")).to_be_visible(timeout=UI_TIMEOUT_MS)
    await screens.check(f"round {number} voting", ballot, ballot[:1], on_projector=[])
    assert await screens.projector.page.locator(".screen-reply").count() >= 8
    if number == 1:
        await screens.shoot("hostile-voting")

    await vote_for_first_other_reply(phone)
    for voter in [customer, *random.Random(number).sample(agents, 6)]:
        shown = await voter.phase("voting", number)
        choice = votable(shown)[0]
        assert (await voter.request(type="vote", reply_id=choice))["type"] == "ack"
    await screens.console.page.get_by_role("button", name="Skip").click()
    await expect(phone.get_by_role("heading", name="The reveal")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    authors = [names[agent.player_id or ""] for agent in agents]
    await screens.check(f"round {number} reveal", ballot + authors, ballot[:1], on_projector=[])
    assert await screens.projector.page.locator(".screen-bar").count() >= 8
    if number == 1:
        await screens.shoot("hostile-reveal")

    await screens.console.page.get_by_role("button", name="Skip").click()
    await expect(phone.get_by_role("heading", name="Scoreboard")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    top = [player["name"] for player in (await bots[0].phase("scoreboard", number))["players"]]
    assert len(top) == TOP_STANDINGS, "the phones and the projector get the top of a big room"
    await screens.check(f"round {number} scoreboard", list(names.values()), [names["phone"]], top)
    await screens.console.page.get_by_role("button", name="Skip").click()
    return ballot


def test_the_corpus_is_big_and_fits_the_server_limits() -> None:
    """At least 150 entries; every name and text survives the server's cleaning, and the
    names stay distinct (case-insensitively), so every one of them can join one room."""
    assert len(NAMES) + len(TEXTS) >= 150
    names = [clean_name(name) for name in NAMES]
    assert len({name.casefold() for name in names}) == len(NAMES)
    assert len({clean_text(text) for text in TEXTS}) == len(TEXTS)


async def test_hostile_names_and_texts_stay_plain_and_in_their_boxes(
    pages: PageSet, server: RunningServer
) -> None:
    assert ROUNDS * len(NAMES) == len(TEXTS), "every text is used exactly once"
    console, code, token = await create_room_in_console(pages, LONG, rounds=ROUNDS)
    projector = await open_projector(pages, console, code, token)
    bots = [
        await GameClient.open(server.ws_url(code), type="join", name=name) for name in NAMES[:-1]
    ]
    phone = await join_through_form(pages, code, NAMES[-1], "phone")
    names = {bot.player_id or "": clean_name(name) for bot, name in zip(bots, NAMES, strict=False)}
    names["phone"] = clean_name(NAMES[-1])
    screens = Screens(phone, console, projector)
    # A room this big sends the projector the top of the standings: the first ten to join.
    await expect(projector.page.locator(".screen-roster-item")).to_have_count(TOP_STANDINGS)
    first = [names[bot.player_id or ""] for bot in bots[:TOP_STANDINGS]]
    await screens.check("lobby", list(names.values()), [names["phone"]], first)

    await console.page.get_by_role("button", name="Start game").click()
    texts = list(reversed(TEXTS))
    ballots: list[str] = []
    for number in range(1, ROUNDS + 1):
        ballots += await _play_round(number, bots, screens, texts, names)
    assert not texts

    await expect(phone.page.get_by_role("heading", name="Game over")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await expect(projector.page.get_by_role("heading", name="Final standings")).to_be_visible()
    top = [player["name"] for player in (await bots[0].phase("finished"))["players"]]
    await screens.check("final standings", list(names.values()), [names["phone"]], top)
    await _inspect(console, list(names.values()) + ballots, "round by round results")
    await asyncio.gather(*(bot.close() for bot in bots))
