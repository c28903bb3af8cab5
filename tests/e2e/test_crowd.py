"""A crowd on one card (issue 18), end to end: 60 members press "I'm coming" at once on a 10-place card.

Every press is acknowledged (the stand-in fails any interaction left unanswered for 3 seconds, and the
harness fails the test then), the lists hold exactly 10 coming and 50 waiting in the order the presses
were delivered, each member is told their own answer once, and the card's last edit shows the final
lists. The same with the database made slow on purpose (so presses wait in their lane and are
acknowledged first, then followed up). A press while the database cannot be reached gets the plain
"try again" answer and leaves nothing half-written. No timing assertions.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session

from bot import texts
from bot.cards import cards_of
from bot.presses import presses_of
from bot.scope import system_scope
from db.engine import make_engine
from db.models import ProjectSignup
from db.repositories import projects as repo
from sandbox import MemberActor, Message, Sandbox, Seen, default_world
from tests.conftest import PG_URL
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, project_id, start_project

TITLE = "Christmas party"
CROWD = 60
PLACES = 10


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """The stand-in without its OpenAPI checks: the same requests are checked by every other end-to-end
    test, and checking 60 presses' worth in the one event loop the bot shares costs more than a second."""
    sb = Sandbox(world=default_world(), heartbeat_interval_ms=5000, openapi=False)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def crowd(sandbox: Sandbox, count: int) -> list[MemberActor]:
    guild = sandbox.guild()
    members = []
    for i in range(count):
        user = sandbox.world.add_user(f"Guest {i:02d}")
        sandbox.world.add_member(guild, user)
        member = sandbox.member(user.global_name or user.username)
        member.timeout = 60.0  # how long a member waits for the answer after "thinking" (no timing assertion)
        members.append(member)
    return members


async def press_at_once(members: list[MemberActor], card: Message) -> list[Seen]:
    """Every member presses "I'm coming" in the same moment (one burst of INTERACTION_CREATE)."""
    return list(await asyncio.gather(*(m.click(card, texts.PROJECT_BUTTON_COMING) for m in members)))


async def check_the_crowd(connect: Connect, sandbox: Sandbox, card: Message, seen: list[Seen]) -> set[int]:
    """The lists, the answers and the card after a crowd pressed. Returns the response types used."""
    assert connect.bot is not None
    # Press order = the order Discord delivered them (interaction ids are snowflakes, increasing).
    in_order = sorted(seen, key=lambda s: s.interaction.id)
    ids = [s.user.id for s in in_order]
    [session] = await connect.services.projects.sessions(system_scope(sandbox.guild().id), project_id(card))
    assert list(session.going) == ids[:PLACES], "the first ten presses have the places"
    assert list(session.waiting) == ids[PLACES:], "the others wait in the order they pressed"
    assert len(set(session.going + session.waiting)) == CROWD, "nobody twice"

    for place, s in enumerate(in_order, start=1 - PLACES):
        answers = s.messages
        assert len(answers) == 1, f"{s.user.username} was told {len(answers)} times"
        assert answers[0].ephemeral and not s.thinking
        if place <= 0:
            assert answers[0].content.startswith(texts.PROJECT_REPLY_GOING.format(title=TITLE)), answers[0].content
        else:
            assert answers[0].content.startswith(texts.PROJECT_REPLY_WAITING.format(title=TITLE))
            assert texts.PROJECT_REPLY_POSITION.format(position=place) in answers[0].content

    await cards_of(connect.bot).settled()
    last = card.history[-1] if card.history else None
    assert last is not None, "the card was edited"
    assert texts.PROJECT_CARD_COMING.format(count=PLACES) in card.text
    assert texts.PROJECT_CARD_WAITING_MANY.format(count=CROWD - PLACES) in card.text
    assert texts.PROJECT_CARD_FULL in card.text
    assert not sandbox.rate_limited, "no 429s"
    return {s.response_type for s in seen if s.response_type is not None}


async def posted_card(connect: Connect, sandbox: Sandbox) -> Message:
    connect.clock.set(NOW)
    return await start_project(sandbox, "Sam", TITLE, places=f"{PLACES} places")


async def test_sixty_members_press_at_once_on_a_ten_place_card(connect: Connect, sandbox: Sandbox) -> None:
    card = await posted_card(connect, sandbox)
    members = crowd(sandbox, CROWD)
    seen = await press_at_once(members, card)
    kinds = await check_the_crowd(connect, sandbox, card, seen)
    assert kinds <= {4, 5}, kinds  # answered directly, or "thinking" then the answer


def slowed(original: Callable[..., Awaitable[Any]], delay: float) -> Callable[..., Awaitable[Any]]:
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(delay)
        return await original(*args, **kwargs)

    return slow


async def test_the_same_crowd_with_a_slow_database(
    connect: Connect, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every press waits 80 ms in the repository: 60 presses in one lane take over 5 s, longer than
    Discord's 3 seconds, so the presses behind are acknowledged first and answered when their turn comes."""
    card = await posted_card(connect, sandbox)
    members = crowd(sandbox, CROWD)
    monkeypatch.setattr(repo, "lock_project", slowed(repo.lock_project, 0.08))
    seen = await press_at_once(members, card)
    kinds = await check_the_crowd(connect, sandbox, card, seen)
    assert 5 in kinds, "presses behind in the lane were acknowledged first, then followed up"
    assert connect.bot is not None
    assert presses_of(connect.bot).together > 0, "presses waiting in the lane were done together"


def unreachable_url(url: str) -> str:
    if url.startswith("sqlite"):
        return "sqlite+aiosqlite:////nonexistent-connect-folder/connect.db"
    return "postgresql+asyncpg://postgres@127.0.0.1:9/unreachable"  # the discard port: refused


async def test_a_press_while_the_database_is_unreachable_says_try_again(connect: Connect, sandbox: Sandbox) -> None:
    card = await posted_card(connect, sandbox)
    pid = project_id(card)
    priya = sandbox.member("Priya")
    assert connect.bot is not None
    db = connect.bot.services.db

    # 1. The database cannot be reached at all.
    working_engine, working_sessions = db.engine, db.sessions
    db.engine = make_engine(unreachable_url(db.url))
    db.sessions = async_sessionmaker(db.engine, expire_on_commit=False)
    try:
        seen = await priya.click(card, texts.PROJECT_BUTTON_COMING)
    finally:
        await db.engine.dispose()
        db.engine, db.sessions = working_engine, working_sessions
    assert seen.content == texts.PRESS_TRY_AGAIN and seen.ephemeral
    [session] = await connect.services.projects.sessions(system_scope(sandbox.guild().id), pid)
    assert session.going == () and session.waiting == ()

    # 2. The connection breaks after the sign-up row was written, before the commit: it is rolled back.
    def written(session: Session, _context: object) -> None:
        if any(isinstance(row, ProjectSignup) for row in session.new):
            session.info["signup_written"] = True

    def lose_the_connection(session: Session) -> None:
        if session.info.get("signup_written"):
            raise sa_exc.OperationalError("COMMIT", {}, ConnectionResetError("connection lost"))

    event.listen(Session, "after_flush", written)
    event.listen(Session, "before_commit", lose_the_connection)
    try:
        seen = await priya.click(card, texts.PROJECT_BUTTON_COMING)
    finally:
        event.remove(Session, "after_flush", written)
        event.remove(Session, "before_commit", lose_the_connection)
    assert seen.content == texts.PRESS_TRY_AGAIN
    [session] = await connect.services.projects.sessions(system_scope(sandbox.guild().id), pid)
    assert session.going == () and session.waiting == () and session.maybe == ()

    # Pressing again once the database is back is safe: one answer, one row.
    seen = await priya.click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.content.startswith(texts.PROJECT_REPLY_GOING.format(title=TITLE))
    [session] = await connect.services.projects.sessions(system_scope(sandbox.guild().id), pid)
    assert session.going == (sandbox.user("Priya").id,)
    await cards_of(connect.bot).settled()
    assert texts.PROJECT_CARD_COMING.format(count=1) in card.text


def test_postgres_is_covered_when_configured() -> None:
    """The tests above run on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (CI sets it)."""
    assert PG_URL == "" or PG_URL.startswith("postgresql")
