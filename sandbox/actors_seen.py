"""What a member sees after an action (``Seen``), and the errors acting can raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .views import (
    Button,
    Modal,
    Select,
)
from .world import Attachment, Interaction, Message, User

if TYPE_CHECKING:
    from .server import Sandbox


class InteractionFailed(AssertionError):
    """The member saw "This interaction failed" (no answer within the deadline, or the answer was refused)."""


class CommandNotAvailable(LookupError):
    """The member's client would not offer this command (not registered, wrong place, or no permission)."""


class NotVisible(LookupError):
    """The member cannot see that message (someone else's ephemeral message, or a hidden channel)."""


@dataclass(frozen=True)
class Choice:
    name: str
    value: Any


class Seen:
    """What one member sees after an action."""

    def __init__(
        self,
        sb: Sandbox,
        user: User,
        interaction: Interaction,
        message: Message | None,
        *,
        modal: Modal | None = None,
        choices: list[Choice] | None = None,
    ) -> None:
        self.sb = sb
        self.user = user
        self.interaction = interaction
        self.message = message
        self.modal = modal
        self.choices = choices or []

    @property
    def response_type(self) -> int | None:
        return self.interaction.response_type

    @property
    def thinking(self) -> bool:
        """Still showing "<bot> is thinking..." (a deferred reply that was never completed)."""
        return self.message is not None and self.message.loading

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def text(self) -> str:
        return self.message.text if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def buttons(self) -> list[Button]:
        return self.message.buttons if self.message else []

    @property
    def selects(self) -> list[Select]:
        return self.message.selects if self.message else []

    @property
    def attachments(self) -> list[Attachment]:
        return self.message.attachments if self.message else []

    @property
    def followups(self) -> list[Message]:
        """Follow-up messages of this interaction that this member can see (live)."""
        msgs = [self.sb.world.messages.get(mid) for mid in self.interaction.followup_ids]
        return [m for m in msgs if m is not None and m.visible_for(self.user.id)]

    @property
    def messages(self) -> list[Message]:
        """The reply and every follow-up this member can see."""
        first = [self.message] if self.message is not None and self.message.visible_for(self.user.id) else []
        return first + [m for m in self.followups if m is not self.message]

    def button(self, label_or_id: str) -> Button:
        for b in self.buttons:
            if b.matches(label_or_id):
                return b
        raise LookupError(f"no button {label_or_id!r}; buttons: {[b.label for b in self.buttons]}")

    def __repr__(self) -> str:
        if self.modal is not None:
            return f"<Seen modal {self.modal.title!r} fields={[f.label for f in self.modal.fields]}>"
        if self.choices:
            return f"<Seen choices {[c.name for c in self.choices]}>"
        eph = " ephemeral" if self.ephemeral else ""
        return f"<Seen{eph} type={self.response_type} {self.text[:80]!r} buttons={[b.label for b in self.buttons]}>"
