"""Screenshots of every screen, at phone (360x740) and projector (1920x1080) sizes, in
test-artifacts/screenshots/, for people to look at. The game runs on long timers and moves
on when everyone has acted or the console presses Skip, so each phase holds still."""

from playwright.async_api import expect

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
from .pages import PHONE, PROJECTOR, SCREENSHOTS, PageSet, WatchedPage

SIZES = {"phone": PHONE, "projector": PROJECTOR}
OPENING = "I was charged twice this month and nobody answers my emails. Fix it today."
REPLY = (
    "I'm sorry you've been chasing this. I can see both charges and I'm refunding the second "
    "one now; you'll get a confirmation email within the hour."
)
LONG = {"briefing": 600, "replying": 600, "voting": 600, "reveal": 600, "scoreboard": 600}


async def _shoot_all(step: str, screens: dict[str, WatchedPage]) -> None:
    for who, screen in screens.items():
        await screen.shoot(f"{step}-{who}", SIZES)


async def _wait_for_phase(phase: str, screens: dict[str, WatchedPage]) -> None:
    for screen in screens.values():
        await expect(screen.page.locator("#phase-label, #screen-status").first).to_contain_text(
            phase, timeout=UI_TIMEOUT_MS
        )


async def test_screenshots_of_every_screen(pages: PageSet, server: RunningServer) -> None:
    console, code, token = await create_room_in_console(pages, {}, rounds=1)
    await console.page.get_by_role("button", name="Lock room").wait_for()
    creating = await pages.open("/host", "console-create")
    await creating.shoot("00-console-create", SIZES)
    joining = await pages.open(f"/play?room={code}", "join")
    await joining.shoot("00-join", SIZES)

    projector = await open_projector(pages, console, code, token)
    customer = await join_through_form(pages, code, "Ana Lucía Fernández", "customer")
    agent = await join_through_form(pages, code, "Ben", "agent")
    bot = await GameClient.open(server.ws_url(code), type="join", name="Chloé")
    await expect(console.page.get_by_role("button", name="Kick Chloé")).to_be_visible()
    await _shoot_all("01-lobby", {"player": agent, "console": console, "projector": projector})

    await console.page.get_by_role("button", name="Start game").click()
    screens = {"customer": customer, "agent": agent, "console": console, "projector": projector}
    await _wait_for_phase("Briefing", screens)
    await _shoot_all("02-briefing", screens)

    await send_text(
        customer.page,
        "Your opening line",
        "I was charged twice this month and nobody answers my emails. Fix it today.",
    )
    await _wait_for_phase("Replying", screens)
    await agent.page.get_by_label("Your reply", exact=True).fill(REPLY[:90])
    await _shoot_all("03-replying", screens)

    await send_text(agent.page, "Your reply", REPLY)
    await bot.phase("replying")
    await bot.request(
        type="reply", text="Please allow 5-7 working days for our billing team to review."
    )
    await _wait_for_phase("Voting", screens)
    await vote_for_first_other_reply(agent.page, skill="Ownership")
    await _shoot_all("04-voting", screens)

    await vote_for_first_other_reply(customer.page)
    voting = await bot.phase("voting")
    await bot.request(type="vote", reply_id=votable(voting)[0], skill="empathy")
    await _wait_for_phase("Reveal", screens)
    await _shoot_all("05-reveal", screens)

    await console.page.get_by_role("button", name="Skip").click()
    await _wait_for_phase("Scoreboard", screens)
    await _shoot_all("06-scoreboard", screens)

    await console.page.get_by_role("button", name="Skip").click()
    await _wait_for_phase("Game over", {"customer": customer, "agent": agent, "console": console})
    await expect(projector.page.get_by_role("heading", name="Final standings")).to_be_visible()
    await _shoot_all("07-finished", screens)
    await bot.close()

    shots = sorted(path.name for path in SCREENSHOTS.glob("0*.png"))
    assert len(shots) >= 2 * (2 + 3 + 4 * 6), shots
