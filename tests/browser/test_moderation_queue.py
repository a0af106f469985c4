"""Hold-for-approval moderation through the console: a flagged reply waits in the console's
queue, out of the players' ballots and off the projector, until the host approves it; a
reply the host takes down can get no votes."""

from playwright.async_api import expect

from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS, join_through_form, open_projector, send_text
from .pages import LAPTOP, PageSet
from .workshop import (
    accepted,
    bot,
    create_room_with_settings,
    host_bot,
    open_with,
    reply_with,
    reply_with_text,
    shoot_on_a_phone,
)

HELD = "this is shit service"
TAKEN_DOWN = "what the fuck do you want from me"
CLEAN = "I'm sorry about the wait. Let me sort this out for you today."


async def test_held_reply_waits_for_approval_and_a_taken_down_reply_gets_no_votes(
    pages: PageSet, server: RunningServer
) -> None:
    console, code, token = await create_room_with_settings(pages, moderation="hold")
    page = console.page
    projector = await open_projector(pages, console, code, token)
    cy = await bot(server, code, "Cy")  # the first to join: round 1's customer
    ana = await join_through_form(pages, code, "Ana", "Ana", path=f"/play?room={code}")
    dev = await bot(server, code, "Dev")
    eve = await bot(server, code, "Eve")
    host = await host_bot(server, code, token)
    rude = (await pages.open(f"/play?room={code}", "rude")).page
    await rude.get_by_label("Your name").fill("Shithead")
    await rude.get_by_role("button", name="Join").click()
    await expect(rude.get_by_role("alert")).to_have_text(
        "That name is not allowed in this room. Please choose another."
    )
    await page.get_by_role("button", name="Start game").click()

    await open_with(cy, "I've waited two weeks for my refund.")
    await reply_with(dev, HELD)
    await reply_with(eve, TAKEN_DOWN)
    queue = page.locator(".queue-item")
    await expect(queue).to_have_count(2, timeout=UI_TIMEOUT_MS)
    await expect(queue.filter(has_text=HELD)).to_contain_text("Reply from Dev")
    await send_text(ana.page, "Your reply", CLEAN)  # the last agent: voting starts

    ballot = ana.page.locator(".ballot")
    await expect(ana.page.get_by_role("heading", name="Vote for the best reply")).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    await expect(projector.page.locator(".screen-reply")).to_have_count(1, timeout=UI_TIMEOUT_MS)
    await expect(ballot).to_contain_text(CLEAN)
    for text in (HELD, TAKEN_DOWN):
        await expect(ballot).not_to_contain_text(text)
        await expect(projector.page.locator("#app")).not_to_contain_text(text)
    await expect(page.get_by_text("Waiting for approval", exact=True)).to_have_count(2)
    await expect(page.locator(".host-replies .badge-flagged")).to_have_count(2)
    await console.shoot("issue6-console-queue", {"laptop": LAPTOP})
    await shoot_on_a_phone(page, page.locator(".queue-card"), "issue6-console-queue-card")

    await page.get_by_role("button", name="Approve Dev's reply").click()
    await expect(ballot).to_contain_text(HELD, timeout=UI_TIMEOUT_MS)
    await expect(projector.page.locator(".screen-reply")).to_have_count(2)
    await expect(projector.page.locator("#app")).to_contain_text(HELD)
    await expect(queue).to_have_count(1)

    await page.get_by_role("button", name="Take down Eve's reply").click()
    await expect(queue).to_have_count(0)
    await expect(page.get_by_text("Nothing is waiting.")).to_be_visible()
    hidden = await host.until(
        lambda s: any(r["text"] == TAKEN_DOWN and r["moderation"]["hidden"] for r in s["replies"])
    )
    taken_down = reply_with_text(hidden, TAKEN_DOWN)["id"]
    await cy.refused("reply_hidden", type="vote", reply_id=taken_down)
    await expect(ballot).not_to_contain_text(TAKEN_DOWN)
    await expect(projector.page.locator("#app")).not_to_contain_text(TAKEN_DOWN)
    await expect(page.get_by_text("Hidden from players")).to_have_count(1)

    # The approved reply is an ordinary one now: it can win votes.
    await accepted(cy, type="vote", reply_id=reply_with_text(hidden, HELD)["id"])

    # A take-down can be undone from the console's ballot while votes are still open.
    await page.get_by_role("button", name="Bring back reply").click()
    await expect(page.get_by_text("Hidden from players")).to_have_count(0)
    await expect(projector.page.locator("#app")).to_contain_text(TAKEN_DOWN)
    await accepted(dev, type="vote", reply_id=taken_down)
    for client in (cy, dev, eve, host):
        await client.close()
