"""Every page loads under its CSP without console errors, and the join form explains
each refusal in words people understand."""

import re
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer, running_server

from .pages import LAPTOP, PHONE, PROJECTOR, PageSet


@pytest.mark.parametrize(
    ("path", "viewport", "heading"),
    [
        ("/", PHONE, "Join the game"),
        ("/play", PHONE, "Join the game"),
        ("/play?room=abc123", PHONE, "Join the game"),
        ("/host", LAPTOP, "Set up a session"),
        ("/screen", PROJECTOR, "Projector view"),
    ],
)
async def test_page_loads_cleanly_under_its_csp(
    pages: PageSet, path: str, viewport: dict[str, int], heading: str
) -> None:
    watched = await pages.open(path, path, viewport)
    await expect(watched.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    await watched.page.wait_for_load_state("networkidle")


async def test_room_code_is_prefilled_from_the_link(pages: PageSet) -> None:
    page = (await pages.open("/play?room=abc123", "prefilled")).page
    await expect(page.get_by_label("Room code")).to_have_value("ABC123")
    await expect(page.get_by_label("Your name")).to_be_focused()


async def _try_to_join(pages: PageSet, label: str, code: str, name: str) -> Page:
    page = (await pages.open("/", label)).page
    await page.get_by_label("Room code").fill(code)
    await page.get_by_label("Your name").fill(name)
    await page.get_by_role("button", name="Join").click()
    return page


async def test_join_refusals_are_explained(pages: PageSet, server: RunningServer) -> None:
    full = open_room(server, max_players=3)
    bots = await seat_players(server, full["code"], ["Ana", "Ben", "Cy"])
    locked = open_room(server)
    host = await open_as_host(server, locked)
    assert (await host.request(type="lock"))["type"] == "ack"
    cases = [
        ("ZZZZZZ", "Dana", "There is no room with that code"),
        (full["code"], "Dana", "This room is full"),
        (locked["code"], "Dana", "The host has locked this room"),
    ]
    for index, (code, name, message) in enumerate(cases):
        page = await _try_to_join(pages, f"refused-{index}", code, name)
        await expect(page.get_by_role("alert")).to_contain_text(message)
        await expect(page.get_by_role("button", name="Join")).to_be_enabled()

    assert (await host.request(type="unlock"))["type"] == "ack"
    page = await _try_to_join(pages, "name-invalid", locked["code"], "\u200b\u200b")
    await expect(page.get_by_role("alert")).to_contain_text("Names need 1 to 24 visible characters")
    bots += await seat_players(server, locked["code"], ["Ana"])
    page = await _try_to_join(pages, "name-taken", locked["code"].lower(), "ANA")
    await expect(page.get_by_role("alert")).to_contain_text("already has that name")
    await page.get_by_label("Your name").fill("Ana B")
    await page.get_by_role("button", name="Join").click()
    await expect(page.get_by_role("heading", name="You're in, Ana B!")).to_be_visible()
    await expect(page).to_have_url(f"{server.http_url}/play?room={locked['code']}")

    for client in [*bots, host]:
        await client.close()


async def test_projector_without_a_valid_token_says_so(
    pages: PageSet, server: RunningServer
) -> None:
    room = open_room(server)
    page = (
        await pages.open(f"/screen#room={room['code']}&token=wrong", "bad-screen", PROJECTOR)
    ).page
    await expect(page.get_by_role("heading", name="Cannot show this room")).to_be_visible()
    assert "token" not in page.url


async def test_console_asks_for_the_facilitator_key_when_the_server_has_one(
    pages: PageSet, tmp_path: Path
) -> None:
    with running_server(tmp_path, COUNTERPLAY_FACILITATOR_KEY="sesame-123") as keyed:
        console = await pages.open(f"{keyed.http_url}/host", "keyed-console", LAPTOP)
        console.allow_console_error("the server responded with a status of 403")
        page = console.page
        await page.get_by_role("button", name="Create room").click()
        await expect(page.get_by_role("alert")).to_have_text(
            "This server needs its facilitator key to open rooms."
        )
        await page.get_by_label("Facilitator key").fill("wrong")
        await page.get_by_role("button", name="Create room").click()
        await expect(page.get_by_role("alert")).to_have_text(
            "That facilitator key was not accepted."
        )
        await page.get_by_label("Facilitator key").fill("sesame-123")
        await page.get_by_role("button", name="Create room").click()
        await expect(page.locator(".big-code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
        stored = await page.evaluate("sessionStorage.getItem('counterplay.host')")
        assert "sesame-123" not in stored
