"""Projects: results -> cards, panels, modals and the messages scheduled work sends. Pure functions.

Every control carries its meaning in its custom_id (``connect:proj:<action>:<id>[:<a>[:<b>]]``) and is
handled by the persistent item in cogs/projects. Names of members are shown as mentions inside embeds
(they never ping there); text typed by members is shown as it is and never pings (allowed mentions).

One module per part: ``common`` (ids, limits, helpers), ``card`` (the card and answering), ``organise``
(the "More" panel and organiser controls), ``forms`` (typing boxes, the draft), ``lists`` (finding
projects), ``messages`` (what scheduled work sends). Everything is re-exported here.
"""

from __future__ import annotations

from bot.render.projects.card import (
    answer_reply,
    calendar_card,
    card_embed,
    card_view,
    places_text,
    project_card,
    which_sessions,
)
from bot.render.projects.common import (
    COLOUR,
    DONE_COLOUR,
    EMBED_TITLE,
    FIELD_VALUE,
    GONE_COLOUR,
    IN_ABOUT,
    IN_BRING,
    IN_LINK,
    IN_PLACES,
    IN_TITLE,
    IN_WHERE,
    LABEL,
    OPTIONS,
    PLACE_CHOICES,
    jump_url,
    people,
    when_block,
)
from bot.render.projects.forms import REPEAT_LABELS, details_modal, draft_card, places_modal, posted_reply
from bot.render.projects.ids import FORM_TEMPLATE, OLD_ACTIONS, OLD_ARGS, PROJ, TEMPLATE, Control, cid, read
from bot.render.projects.lists import list_card, mine_card
from bot.render.projects.messages import changed_lines, finished_post, notice_message, project_render, reminder_message
from bot.render.projects.organise import (
    ORGANISE,
    ORGANISE_MORE,
    confirm,
    more_panel,
    pick_member,
    places_picker,
    places_select,
    refused_ways,
)

__all__ = [
    "COLOUR",
    "DONE_COLOUR",
    "EMBED_TITLE",
    "FIELD_VALUE",
    "FORM_TEMPLATE",
    "GONE_COLOUR",
    "IN_ABOUT",
    "IN_BRING",
    "IN_LINK",
    "IN_PLACES",
    "IN_TITLE",
    "IN_WHERE",
    "LABEL",
    "OLD_ACTIONS",
    "OLD_ARGS",
    "OPTIONS",
    "ORGANISE",
    "ORGANISE_MORE",
    "PLACE_CHOICES",
    "PROJ",
    "REPEAT_LABELS",
    "TEMPLATE",
    "Control",
    "answer_reply",
    "calendar_card",
    "card_embed",
    "card_view",
    "changed_lines",
    "cid",
    "confirm",
    "details_modal",
    "draft_card",
    "finished_post",
    "jump_url",
    "list_card",
    "mine_card",
    "more_panel",
    "notice_message",
    "people",
    "pick_member",
    "places_modal",
    "places_picker",
    "places_select",
    "places_text",
    "posted_reply",
    "project_card",
    "project_render",
    "read",
    "refused_ways",
    "reminder_message",
    "when_block",
    "which_sessions",
]
