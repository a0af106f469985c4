"""A whole game through the UI only: the console opens the room and runs it, three players
join with the form and play every round on phones, and the projector follows."""

import asyncio

from playwright.async_api import expect

from .flows import (
    UI_TIMEOUT_MS,
    create_room_in_console,
    is_customer,
    join_through_form,
    open_projector,
    send_text,
    standings_shown,
    vote_for_first_other_reply,
)
from .pages import PageSet, WatchedPage

NAMES = ["Ana", "Ben", "Chloé"]
QUICK = {"reveal": 2, "scoreboard": 1}


async def _play_round(
    number: int, players: list[WatchedPage], console: WatchedPage, projector: WatchedPage
) -> None:
    for player in players:
        await expect(player.page.locator("#round-label")).to_have_text(
            f"Round {number} of 3", timeout=UI_TIMEOUT_MS
        )
    roles = [await is_customer(p.page) for p in players]
    assert roles.count(True) == 1, roles
    customer = players[roles.index(True)]
    agents = [p for p in players if p is not customer]

    await send_text(customer.page, "Your opening line", f"Round {number}: my order never came.")
    await expect(console.page.locator(".opening blockquote")).to_have_text(
        f"Round {number}: my order never came.", timeout=UI_TIMEOUT_MS
    )
    first, last = agents
    await send_text(first.page, "Your reply", f"{first.label} here: I'll fix round {number}.")
    # The phase stays open until every agent has replied, so the first sees its reply as sent.
    await expect(first.page.get_by_text("Sent. This is your reply on the ballot:")).to_be_visible()
    await send_text(last.page, "Your reply", f"{last.label} here: I'll fix round {number}.")

    for index, player in enumerate(players):
        await vote_for_first_other_reply(
            player.page, skill="Empathy" if index == 0 else None, last=index == len(players) - 1
        )
    await asyncio.gather(
        *(
            expect(p.page.get_by_role("heading", name="The reveal")).to_be_visible(
                timeout=UI_TIMEOUT_MS
            )
            for p in players
        ),
        expect(console.page.get_by_text("Customer's pick", exact=True).first).to_be_visible(),
        expect(projector.page.locator(".screen-bar.is-pick")).to_have_count(1),
    )


async def test_three_players_console_and_projector_play_a_whole_game(pages: PageSet) -> None:
    console, code, token = await create_room_in_console(pages, QUICK)
    projector = await open_projector(pages, console, code, token)
    players = [
        await join_through_form(pages, code, NAMES[0], NAMES[0], path=f"/play?room={code}"),
        *[await join_through_form(pages, code, name, name) for name in NAMES[1:]],
    ]
    await expect(projector.page.locator(".screen-roster-item")).to_have_count(3)
    await expect(console.page.get_by_role("button", name="Kick Chloé")).to_be_visible()
    await console.page.get_by_role("button", name="Start game").click()

    for number in (1, 2, 3):
        await _play_round(number, players, console, projector)

    for player in players:
        await expect(player.page.get_by_role("heading", name="Game over")).to_be_visible(
            timeout=UI_TIMEOUT_MS
        )
    await expect(console.page.get_by_role("heading", name="Final standings")).to_be_visible()
    await expect(projector.page.get_by_role("heading", name="Final standings")).to_be_visible()
    await expect(console.page.locator(".round-summary")).to_have_count(3)

    boards = await asyncio.gather(
        *(standings_shown(p.page) for p in [console, projector, *players])
    )
    assert sorted(name for name, _ in boards[0]) == sorted(NAMES)
    assert all(board == boards[0] for board in boards), boards
    total = sum(int(score.split()[0]) for _, score in boards[0])
    # Each round: three votes of 100 (the customer's among them) and the customer's pick, 300.
    assert total == 3 * (3 * 100 + 300), boards[0]
