"""Pure rendering for thank-yous: the card, private thanks, celebrations, the good news, the panels.

Custom ids (``connect:thanks:<action>:<ids>``), handled by the persistent items in cogs/thanks/items.py:
    say:project:<id> / say:task:<id>   "🎉 Say thank you" on a finished project or a done task
    metoo:<id>                         "🙌 Me too" on a card
    pick:<0 or member>:<pub|dm|for>    the menu of people to thank (for: typed for that member)
    mode:<pub|dm> / for / from         the /thanks panel's buttons and the "typed for" menu
    rm:<id>:<yes|no>                   a lead's "remove this thank you?" answer
    set:<what> / me:<what> / board     the settings panel (thanks_settings.py), a member's choices, the board
    modal:<draft id>                   the box for the reason (answered by a listener)
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot import texts
from bot.notifier import OutMessage
from bot.render.components import Card, custom_id, frozen_view
from bot.services.thanks import BoardLine, Digest, MemberChoices, ThanksRender, ThanksView
from bot.textclean import public_text

COLOUR = discord.Colour.gold()
TEMPLATE = (
    r"connect:thanks:(?P<action>say|metoo|pick|mode|for|from|rm|set|me|board|again)"
    r"(?::(?P<a>[a-z0-9]+))?(?::(?P<b>[a-z0-9]+))?"
)
MODAL_TEMPLATE = r"connect:thanks:modal:(?P<id>[0-9]+)"
REASON_INPUT = "reason"
NAMES_LIMIT = 1500


def mentions(ids: Sequence[int]) -> str:
    """ "<@1>, <@2> and <@3>": names shown by Discord, pinging only where the message allows it."""
    shown = [f"<@{i}>" for i in ids]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def names_list(names: Sequence[str], limit: int = NAMES_LIMIT) -> str:
    """Plain names (never pings), as many as fit, then "and N more"."""
    shown: list[str] = []
    for name in names:
        if len(", ".join([*shown, name])) > limit:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    if rest:
        shown.append(texts.THANKS_DIGEST_MORE.format(count=rest))
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _button(
    label: str, cid: str, style: discord.ButtonStyle = discord.ButtonStyle.secondary
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label, custom_id=cid, style=style)


# ---------------------------------------------------------------- the card and private thanks


def card_text(view: ThanksView) -> str:
    people = mentions(view.people)
    if view.typed_by:
        first = texts.THANKS_CARD_TYPED.format(
            author=f"<@{view.author_id}>", typist=f"<@{view.typed_by}>", people=people
        )
    else:
        first = texts.THANKS_CARD.format(author=f"<@{view.author_id}>", people=people)
    lines = [first, texts.THANKS_CARD_FOR.format(reason=public_text(view.reason))]
    too = view.me_too
    if len(too) == 1:
        lines.append(texts.THANKS_ME_TOO_ONE.format(name=f"<@{too[0]}>"))
    elif len(too) == 2:
        lines.append(texts.THANKS_ME_TOO_TWO.format(first=f"<@{too[0]}>", second=f"<@{too[1]}>"))
    elif too:
        lines.append(texts.THANKS_ME_TOO_MANY.format(name=f"<@{too[0]}>", others=len(too) - 1))
    return "\n".join(lines)


def card(view: ThanksView) -> Card:
    me_too = _button(texts.THANKS_BUTTON_ME_TOO, custom_id("thanks", "metoo", view.id), discord.ButtonStyle.primary)
    return Card(content=card_text(view), view=frozen_view(me_too))


def post(view: ThanksView) -> OutMessage:
    """The first post: it pings the people thanked (they are its subject), nobody else."""
    shown = card(view)
    return OutMessage(content=shown.content, view=shown.view, mention_user_ids=frozenset(view.people))


def dm(view: ThanksView, server: str) -> OutMessage:
    author = f"<@{view.author_id}>"
    if view.typed_by:
        first = texts.THANKS_DM_TYPED.format(author=author, server=server, typist=f"<@{view.typed_by}>")
    else:
        first = texts.THANKS_DM.format(author=author, server=server)
    return OutMessage(content=f"{first}\n{texts.THANKS_CARD_FOR.format(reason=public_text(view.reason))}")


def confirm_remove(thanks_id: int) -> Card:
    yes = _button(
        texts.THANKS_BUTTON_YES_REMOVE, custom_id("thanks", "rm", thanks_id, "yes"), discord.ButtonStyle.danger
    )
    no = _button(texts.THANKS_BUTTON_KEEP, custom_id("thanks", "rm", thanks_id, "no"))
    return Card(content=texts.THANKS_ASK_REMOVE, view=frozen_view(yes, no))


# ---------------------------------------------------------------- celebrations and the good news


def say_button(kind: str, ref: int) -> discord.ui.Button[discord.ui.View]:
    """ "🎉 Say thank you" for a finished project ("project") or a done task ("task")."""
    return _button(texts.THANKS_BUTTON_SAY, custom_id("thanks", "say", kind, ref), discord.ButtonStyle.primary)


def project_celebration(
    title: str,
    project_id: int,
    people: Sequence[int],
    named: Sequence[int],
    firsts: Sequence[int],
    *,
    late: bool = False,
) -> OutMessage:
    """ "🎉 Film club is finished. Thank you to the 8 people who took part: ..." Pings the named people."""
    lines = [texts.THANKS_PROJECT_FINISHED.format(title=public_text(title))]
    shown = _named(named, len(people) - len(named))
    if not people:
        lines.append(texts.THANKS_PROJECT_NOBODY)
    elif not named:
        lines.append(texts.THANKS_PROJECT_PEOPLE_UNNAMED.format(count=len(people)))
    elif len(people) == 1:
        lines.append(texts.THANKS_PROJECT_PEOPLE_ONE.format(people=shown))
    else:
        lines.append(texts.THANKS_PROJECT_PEOPLE.format(count=len(people), people=shown))
    lines += [texts.THANKS_FIRST_PROJECT.format(name=f"<@{u}>") for u in firsts]
    content = "\n".join(lines)
    if late:
        content = f"{texts.SCHEDULED_LATE}\n{content}"
    return OutMessage(
        content=content[:2000], view=frozen_view(say_button("project", project_id)), mention_user_ids=frozenset(named)
    )


def _named(named: Sequence[int], hidden: int) -> str:
    """The people named; people who said "do not post about me" are counted, never named."""
    if hidden and named:
        return f"{', '.join(f'<@{i}>' for i in named)} {texts.THANKS_DIGEST_MORE.format(count=hidden)}"
    return mentions(named)


def _maybe_late(content: str, late: bool) -> str:
    return f"{texts.SCHEDULED_LATE}\n{content}" if late else content


def all_tasks(title: str, named: Sequence[int], hidden: int, *, late: bool = False) -> OutMessage:
    """ "🎉 All the tasks for Film club are done. Thank you: ..." Names everyone credited (but those who said
    "do not post about me"), pings nobody: a long list of pings for one list of chores is noise."""
    if named:
        fits = list(named[: NAMES_LIMIT // 24])  # a mention is at most 23 characters and a comma
        people = _named(fits, hidden + len(named) - len(fits))
        content = texts.THANKS_ALL_TASKS_DONE.format(title=public_text(title), people=people)
    else:
        content = texts.THANKS_ALL_TASKS_NOBODY.format(title=public_text(title))
    return OutMessage(content=_maybe_late(content, late)[:2000])


def sessions(title: str, number: int, project_id: int, *, late: bool = False) -> OutMessage:
    """A repeating project's 10th, 25th or 50th session: about the group, so it names and pings nobody.
    Its "🎉 Say thank you" thanks everyone who came to the project."""
    content = texts.THANKS_SESSIONS.format(title=public_text(title), number=number)
    return OutMessage(content=_maybe_late(content, late), view=frozen_view(say_button("project", project_id)))


def member_sessions(user_id: int, number: int, *, late: bool = False) -> OutMessage:
    """A member's own 10th, 25th or 50th session (only posted when they said yes to milestones)."""
    content = texts.THANKS_MEMBER_SESSIONS.format(name=f"<@{user_id}>", number=number)
    return OutMessage(content=_maybe_late(content, late), mention_user_ids=frozenset({user_id}))


def first_task(name: str, title: str, user_id: int, *, late: bool = False) -> OutMessage:
    content = texts.THANKS_FIRST_TASK.format(name=f"<@{user_id}>", title=public_text(title))
    if late:
        content = f"{texts.SCHEDULED_LATE}\n{content}"
    return OutMessage(content=content, mention_user_ids=frozenset({user_id}))


def digest(week: Digest, names: Sequence[str], *, late: bool = False) -> OutMessage:
    """The weekly good news: everyone named equally, in alphabetical order, no counts per person."""
    lines = []
    if late:
        lines.append(texts.SCHEDULED_LATE)
    lines.append(f"**{texts.THANKS_DIGEST_TITLE}**")
    if week.quiet:
        lines.append(texts.THANKS_DIGEST_QUIET)
    if week.projects:
        lines.append(
            texts.THANKS_DIGEST_PROJECTS.format(titles=names_list([public_text(t) for t in week.projects], 600))
        )
    if week.tasks:
        lines.append(texts.THANKS_DIGEST_TASKS.format(titles=names_list([public_text(t) for t in week.tasks], 600)))
    if week.thanks_count == 1:
        lines.append(texts.THANKS_DIGEST_THANKS_ONE)
    elif week.thanks_count:
        lines.append(texts.THANKS_DIGEST_THANKS.format(count=week.thanks_count))
    if names:
        lines.append(
            texts.THANKS_DIGEST_PEOPLE.format(names=names_list([discord.utils.escape_markdown(n) for n in names]))
        )
    return OutMessage(content="\n".join(lines)[:2000])


def thanks_render() -> ThanksRender:
    """The messages the scheduled celebrations and the good news send."""
    return ThanksRender(
        project=project_celebration,
        first_task=first_task,
        digest=digest,
        all_tasks=all_tasks,
        sessions=sessions,
        member_sessions=member_sessions,
    )


# ---------------------------------------------------------------- /thanks and its panels


def panel(*, private: bool, board: bool) -> Card:
    mode = "dm" if private else "pub"
    select: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
        custom_id=custom_id("thanks", "pick", 0, mode),
        placeholder=texts.THANKS_PICK_PEOPLE,
        min_values=1,
        max_values=10,
    )
    switch = (
        _button(texts.THANKS_BUTTON_PUBLIC, custom_id("thanks", "mode", "pub"))
        if private
        else _button(texts.THANKS_BUTTON_PRIVATE, custom_id("thanks", "mode", "dm"))
    )
    items: list[discord.ui.Item[discord.ui.View]] = [
        select,
        switch,
        _button(texts.THANKS_BUTTON_FOR, custom_id("thanks", "for")),
    ]
    if board:
        items.append(_button(texts.THANKS_BUTTON_BOARD, custom_id("thanks", "board")))
    return Card(content=texts.THANKS_PANEL_PRIVATE if private else texts.THANKS_PANEL, view=frozen_view(*items))


def author_picker() -> Card:
    select: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
        custom_id=custom_id("thanks", "from"), placeholder=texts.THANKS_PICK_AUTHOR
    )
    return Card(content=texts.THANKS_PANEL_FOR, view=frozen_view(select))


def people_picker_for(author_id: int) -> Card:
    """A supporter picks who the member they type for wants to thank (the id carries that member)."""
    select: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
        custom_id=custom_id("thanks", "pick", author_id, "for"), placeholder=texts.THANKS_PICK_PEOPLE, max_values=10
    )
    return Card(content=texts.THANKS_PANEL_FOR_WHO.format(author=f"<@{author_id}>"), view=frozen_view(select))


def reason_modal(draft_id: int, hint: str = "") -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title=texts.THANKS_MODAL_TITLE, custom_id=custom_id("thanks", "modal", draft_id), timeout=None
    )
    modal.add_item(
        discord.ui.TextInput(
            label=texts.THANKS_INPUT_REASON,
            custom_id=REASON_INPUT,
            style=discord.TextStyle.paragraph,
            placeholder=texts.THANKS_INPUT_REASON_HINT,
            default=hint[:300] or None,
            max_length=300,
            required=True,
        )
    )
    modal.stop()
    return modal


def board_card(lines: Sequence[BoardLine]) -> Card:
    rows = [texts.THANKS_BOARD_LINE.format(name=f"<@{line.user_id}>", count=line.count) for line in lines[:25]]
    body = "\n".join(rows) if rows else texts.THANKS_BOARD_EMPTY
    embed = discord.Embed(title=texts.THANKS_BOARD_TITLE, description=body, colour=COLOUR)
    embed.set_footer(text=texts.THANKS_BOARD_HIDE_HINT)
    return Card(embed=embed)


# ---------------------------------------------------------------- a member's choices (leads' panel: thanks_settings)


def me_panel(choices: MemberChoices, saved: str | None = None) -> Card:
    embed = discord.Embed(title=texts.THANKS_ME_TITLE, colour=COLOUR)
    embed.add_field(
        name=texts.THANKS_ME_NO_POSTS,
        value=texts.THANKS_ME_NO_POSTS_NO if choices.no_posts else texts.THANKS_ME_NO_POSTS_YES,
        inline=False,
    )
    embed.add_field(
        name=texts.THANKS_ME_MILESTONES,
        value=texts.THANKS_ME_MILESTONES_YES if choices.milestones else texts.THANKS_ME_MILESTONES_NO,
        inline=False,
    )
    embed.add_field(
        name=texts.THANKS_ME_BOARD,
        value=texts.THANKS_ME_BOARD_NO if choices.hide_from_board else texts.THANKS_ME_BOARD_YES,
        inline=False,
    )
    buttons = [
        _button(texts.THANKS_ME_TOGGLE_POSTS, custom_id("thanks", "me", "posts")),
        _button(texts.THANKS_ME_TOGGLE_MILESTONES, custom_id("thanks", "me", "firsts")),
        _button(texts.THANKS_ME_TOGGLE_BOARD, custom_id("thanks", "me", "board")),
    ]
    return Card(content=saved, embed=embed, view=frozen_view(*buttons))
