"""The practice scene, clicked through in a real browser as Sam and Priya, with an accessibility check.

Set PRACTICE_SCREENSHOT=docs/practice.png to write README's picture of the page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from bot import texts
from bot.practice import Practice

REPO = Path(__file__).resolve().parents[2]
FILM = "Film club"


async def axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


async def open_page(browser: Any, practice: Practice, **options: Any) -> Any:
    context = await browser.new_context(accept_downloads=True, **options)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    assert practice.page is not None
    await page.goto(practice.page.url)
    return page


async def be(page: Any, label: str) -> None:
    from playwright.async_api import expect

    person = page.locator(".people").get_by_role("button", name=label, exact=True)
    await person.click()
    await expect(person).to_have_attribute("aria-pressed", "true")


async def test_the_practice_scene_by_clicking(practice: Practice, browser: Any, tmp_path: Path) -> None:
    from playwright.async_api import expect

    sam = await open_page(browser, practice, viewport={"width": 1280, "height": 900})
    await be(sam, "Sam")
    await expect(sam.locator("#view-title")).to_have_text("#projects")

    # Sam starts a project: the command button, the form, then the time picker's buttons and menus.
    await sam.get_by_role("button", name="/project new").click()
    dialog = sam.get_by_role("dialog")
    await dialog.get_by_label(texts.PROJECT_INPUT_TITLE, exact=True).fill(FILM)
    await dialog.get_by_label(re.compile("^" + re.escape(texts.PROJECT_INPUT_WHERE))).fill("Room 2, Riverside Centre")
    await dialog.get_by_role("button", name="Send").click()
    await expect(dialog).to_be_hidden()
    picker = sam.locator(".msg.ephemeral").last
    await expect(picker.get_by_text("Only you can see this")).to_be_visible()
    await picker.get_by_role("button", name="📅 " + texts.TIMEPICK_PICK_DAY).click()
    day_menu = sam.get_by_role("combobox", name=texts.TIMEPICK_PICK_DAY)
    await day_menu.select_option(index=3)  # the day after tomorrow ("Pick one" comes first)
    await day_menu.locator("xpath=..").get_by_role("button", name="Choose").click()
    usual = texts.TIMEPICK_MENU_USUAL.format(start="9am", end="9pm")
    times = sam.get_by_role("combobox", name=usual)
    await times.select_option(label="6pm")
    await times.locator("xpath=..").get_by_role("button", name="Choose").click()
    places = sam.get_by_role("combobox", name=texts.PROJECT_PLACES_PLACEHOLDER)
    await places.select_option(label="8 places")
    await places.locator("xpath=..").get_by_role("button", name="Choose").click()
    await sam.get_by_role("button", name=texts.PROJECT_BUTTON_POST).click()
    await expect(sam.get_by_text(texts.PROJECT_POSTED.format(title=FILM))).to_be_visible()
    card = sam.locator(".msg:not(.ephemeral)").filter(has=sam.locator(".embed", has_text=FILM))
    await expect(card).to_have_count(1)

    # Priya, in another window, says she is coming; Sam's page shows the card change without reloading.
    priya = await open_page(browser, practice, viewport={"width": 390, "height": 844})  # a phone
    await be(priya, "Priya")
    priya_card = priya.locator(".msg:not(.ephemeral)").filter(has=priya.locator(".embed", has_text=FILM))
    await priya_card.get_by_role("button", name=texts.PROJECT_BUTTON_COMING).click()
    going = texts.PROJECT_REPLY_GOING.format(title=FILM)
    await expect(priya.locator(".msg.ephemeral", has_text=going)).to_be_visible()
    await expect(card).to_contain_text(texts.PROJECT_CARD_COMING.format(count=1))  # live, on Sam's page
    await expect(sam.get_by_text(going)).to_have_count(0)  # Priya's reply is only for Priya

    # The calendar file comes only to Priya, as a download.
    await priya_card.get_by_role("button", name=texts.PROJECT_BUTTON_CALENDAR).click()
    link = priya.get_by_role("link", name=re.compile(r"\.ics"))
    async with priya.expect_download() as download_info:
        await link.click()
    download = await download_info.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.suffix == ".ics" and saved.read_text().startswith("BEGIN:VCALENDAR") and FILM in saved.read_text()

    # Priya sets a reminder with the /remind form; "Skip ahead" brings it to her private messages.
    await priya.get_by_role("button", name="/remind", exact=True).click()
    form = priya.get_by_role("dialog")
    await form.get_by_label(re.compile("^what")).fill("bring a snack")
    await form.get_by_label(re.compile("^when")).fill("in 1 hour")
    await form.get_by_role("button", name="Send").click()
    await expect(priya.locator(".msg.ephemeral", has_text="I will remind you on")).to_contain_text("bring a snack")
    await priya.get_by_role("button", name="⏩ Skip ahead 1 hour").click()
    dms = priya.get_by_role("button", name=re.compile("^Private messages"))
    await expect(dms.locator(".badge")).to_be_visible()  # a new private message, live
    await dms.click()
    reminder = priya.locator(".msg", has_text=texts.REMIND_FIRE.format(text="bring a snack"))
    await reminder.get_by_role("button", name=re.compile(texts.REMIND_LATER + "$")).click()
    await priya.get_by_role("button", name=texts.REMIND_LATER_10_MINUTES).click()
    await expect(priya.get_by_text("I will remind you again")).to_be_visible()

    # Accessibility: axe-core finds nothing on either page, also with large text and high contrast.
    assert await axe_violations(priya) == []
    await sam.get_by_role("button", name="Large text").click()
    await sam.get_by_role("button", name="High contrast").click()
    assert await axe_violations(sam) == []
    assert sam.errors == [] and priya.errors == []
    assert practice.sb is not None
    assert practice.sb.problems() == []

    await sam.get_by_role("button", name="Large text").click()
    await sam.get_by_role("button", name="High contrast").click()
    target = os.environ.get("PRACTICE_SCREENSHOT")
    await sam.set_viewport_size({"width": 1280, "height": 1000})
    await card.get_by_role("button", name=texts.PROJECT_BUTTON_MORE).scroll_into_view_if_needed()
    await sam.screenshot(path=str(REPO / target) if target else str(tmp_path / "practice.png"))


async def test_keyboard_only_and_200_percent_zoom(practice: Practice, browser: Any) -> None:
    from playwright.async_api import expect

    # 200% zoom of a 1280 pixel window shows the page at 640 CSS pixels, with twice the pixels each.
    page = await open_page(browser, practice, viewport={"width": 640, "height": 450}, device_scale_factor=2)
    await expect(page.locator("#view-title")).to_have_text("#projects")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 640, "nothing wider than the window: no sideways scrolling"
    # Keyboard only: Tab to "/project new", Enter opens the form, Escape closes it.
    for _ in range(60):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.textContent.trim()") == "/project new":
            break
    else:
        raise AssertionError("/project new cannot be reached with Tab")
    await page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    await expect(dialog.get_by_label(texts.PROJECT_INPUT_TITLE, exact=True)).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    assert await axe_violations(page) == []


async def test_start_again_gives_a_fresh_practice_server(practice: Practice, browser: Any) -> None:
    from playwright.async_api import expect

    page = await open_page(browser, practice)
    await be(page, "Morgan (owner)")
    await page.get_by_role("button", name="/setup").click()
    await expect(page.locator(".msg.ephemeral")).to_have_count(1)
    old = practice.sb
    async def accept(dialog: Any) -> None:  # "Start again? ..."
        await dialog.accept()

    page.on("dialog", accept)
    await page.get_by_role("button", name="Start again").click()
    await expect(page.get_by_role("status")).to_have_text("The practice started again.", timeout=60_000)
    assert practice.sb is not old
    await expect(page.locator(".msg")).to_have_count(0)
    morgan = page.locator(".people").get_by_role("button", name="Morgan (owner)", exact=True)
    await expect(morgan).to_have_attribute("aria-pressed", "true")  # still Morgan, in the new world
