"""Teams and the room's visibility settings, checked on the projector page against the
public API: a top-3 leaderboard with team standings, and an anonymous projector."""

from playwright.async_api import Page, expect

from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS, open_projector, send_text, standings_shown
from .pages import LAPTOP, PHONE, PROJECTOR, PageSet
from .workshop import (
    bot,
    create_room_with_settings,
    join_with_team,
    open_with,
    public_leaderboard,
    reply_with,
    vote_for,
    vote_in_ui,
)

TEAMS = ("Table 1", "Table 2")
REPLIES = {
    "Ana": "Ana here: I've refunded you and booked a courier for today.",
    "Ben": "Ben here: please call back tomorrow.",
    "Dev": "Dev here: I'll check your order right now and call you back within the hour.",
    "Eve": "Eve here: I can see the delay and I'm sorry it has cost you a day.",
}

TEAM_ROWS_SCRIPT = """() => [...document.querySelectorAll('#app [data-team-standing]')].map(row => [
    row.querySelector('.team-name').textContent,
    row.querySelector('.team-score').textContent,
])"""


def _points(score: float) -> str:
    number = str(int(score)) if float(score).is_integer() else f"{score:.1f}"
    return f"{number} {'point' if score == 1 else 'points'}"


async def _team_rows(page: Page) -> list[tuple[str, str]]:
    return [(name, score) for name, score in await page.evaluate(TEAM_ROWS_SCRIPT)]


async def test_top3_projector_shows_the_public_places_and_team_standings(
    pages: PageSet, server: RunningServer
) -> None:
    console, code, token = await create_room_with_settings(pages, leaderboard="top3", teams=TEAMS)
    projector = await open_projector(pages, console, code, token)
    cy = await bot(server, code, "Cy", team="Table 1")  # the first to join: round 1's customer
    ana = await join_with_team(pages, code, "Ana", "Table 1")
    ben = await join_with_team(pages, code, "Ben", "Table 2", screenshot="issue6-phone-join-team")
    dev = await bot(server, code, "Dev", team="Table 2")
    eve = await bot(server, code, "Eve", team="Table 1")
    await ana.shoot("issue6-phone-team-lobby", {"phone": PHONE})
    await expect(console.page.locator("[data-team-standing]")).to_have_count(2)
    await console.page.get_by_role("button", name="Start game").click()

    await open_with(cy, "My parcel never came and I needed it today.")
    await send_text(ana.page, "Your reply", REPLIES["Ana"])
    await send_text(ben.page, "Your reply", REPLIES["Ben"])
    await reply_with(dev, REPLIES["Dev"])
    await reply_with(eve, REPLIES["Eve"])
    # Ana 100 + 400 (Eve's vote, the customer's pick), Dev 200, Eve 100, Ben and Cy 0:
    # three distinct public places, and Table 1 (mean 200) ahead of Table 2 (mean 100).
    await vote_for(cy, REPLIES["Ana"])
    await vote_for(dev, REPLIES["Eve"])
    await vote_for(eve, REPLIES["Ana"])
    await vote_in_ui(ana.page, REPLIES["Dev"])
    await expect(ana.page.get_by_role("button", name="Voted for reply")).to_be_visible()
    await vote_in_ui(ben.page, REPLIES["Dev"])
    await expect(console.page.get_by_role("heading", name="Reveal")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await console.page.get_by_role("button", name="Skip").click()
    await expect(projector.page.get_by_role("heading", name="Scoreboard")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await expect(projector.page.locator("#app [data-standing]")).to_have_count(3)
    await expect(projector.page.get_by_text("Only the top 3 are shown.")).to_be_visible()

    public = await public_leaderboard(server, code)
    assert public["visibility"] == "top3"
    expected = [(e["name"], _points(e["score"])) for e in public["entries"]]
    assert expected == [("Ana", "500 points"), ("Dev", "200 points"), ("Eve", "100 points")]
    assert await standings_shown(projector.page) == expected
    expected_teams = [(t["name"], _points(t["score"])) for t in public["teams"]]
    assert expected_teams == [("Table 1", "200 points"), ("Table 2", "100 points")]
    assert await _team_rows(projector.page) == expected_teams
    await projector.shoot("issue6-projector-top3-teams", {"projector": PROJECTOR})

    # Ben's place is private, but his own score is not.
    await expect(ben.page.get_by_text("You have 0 points.")).to_be_visible()
    await expect(ben.page.get_by_text("Only the top 3 are shown.")).to_be_visible()
    await expect(ana.page.get_by_text("You are 1st of 5 with 500 points.")).to_be_visible()
    await ben.shoot("issue6-phone-top3-scoreboard", {"phone": PHONE})
    for client in (cy, dev, eve):
        await client.close()


async def test_the_form_explains_settings_the_server_refuses(pages: PageSet) -> None:
    console = await pages.open("/host", "console-form", LAPTOP)
    console.allow_console_error("the server responded with a status of 422")
    page = console.page
    teams = page.get_by_label("Team names, one per line")
    await teams.fill("Table 1")
    await page.get_by_role("button", name="Create room").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "Team names, one per line: Add a second team, or leave the team names empty."
    )
    await expect(teams).to_be_focused()
    await teams.fill("Table 1\n" + "A very long table name indeed")
    await page.get_by_role("button", name="Create room").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "Team 2: String should have at most 24 characters"
    )
    await expect(teams).to_have_attribute("aria-invalid", "true")
    await teams.fill("Table 1\nTable 2")
    await page.get_by_role("button", name="Create room").click()
    await expect(page.locator(".big-code")).to_be_visible(timeout=UI_TIMEOUT_MS)
    await expect(page.locator("[data-team-standing]")).to_have_count(2)


NAMES = ["Quillon", "Zephyrine", "Marbrook", "Tavish"]


async def _assert_no_names(page: Page) -> None:
    text = await page.evaluate("document.documentElement.textContent")
    shown = [name for name in NAMES if name.casefold() in text.casefold()]
    assert not shown, f"the anonymous projector shows {shown}"


async def test_anonymous_projector_never_shows_a_name(
    pages: PageSet, server: RunningServer
) -> None:
    console, code, token = await create_room_with_settings(pages, anonymous=True)
    projector = await open_projector(pages, console, code, token)
    screen = projector.page
    players = [await bot(server, code, name) for name in NAMES]
    customer, *agents = players
    await expect(screen.locator(".screen-count")).to_have_text("4 players have joined")
    await expect(screen.get_by_text("Names stay off this screen in this game.")).to_be_visible()
    await _assert_no_names(screen)
    await expect(console.page.get_by_role("button", name=f"Kick {NAMES[3]}")).to_be_visible()

    await console.page.get_by_role("button", name="Start game").click()
    await expect(screen.get_by_text("The customer is reading their card")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await _assert_no_names(screen)
    await open_with(customer, "Where is my refund?")
    for agent in agents:
        await reply_with(agent, f"Reply number {agents.index(agent) + 1}: I'm on it.")
    await expect(screen.locator(".screen-reply")).to_have_count(3, timeout=UI_TIMEOUT_MS)
    await _assert_no_names(screen)

    await vote_for(customer, "Reply number 1: I'm on it.")
    await vote_for(agents[0], "Reply number 2: I'm on it.")
    await vote_for(agents[1], "Reply number 1: I'm on it.")
    await vote_for(agents[2], "Reply number 1: I'm on it.")
    await expect(screen.locator(".screen-bar")).to_have_count(3, timeout=UI_TIMEOUT_MS)
    await _assert_no_names(screen)
    await projector.shoot("issue6-projector-anonymous-reveal", {"projector": PROJECTOR})

    await console.page.get_by_role("button", name="Skip").click()
    await expect(screen.get_by_role("heading", name="Scoreboard")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await expect(screen.get_by_text("Names stay off this screen: everyone sees")).to_be_visible()
    await expect(screen.get_by_text("4 players in this game")).to_be_visible()
    await expect(screen.locator("[data-standing]")).to_have_count(0)
    await _assert_no_names(screen)
    await projector.shoot("issue6-projector-anonymous-scoreboard", {"projector": PROJECTOR})
    # The console is not the projector: the host still sees who scored.
    await expect(console.page.locator(".host-roster").get_by_text(NAMES[1])).to_be_visible()
    for client in players:
        await client.close()
