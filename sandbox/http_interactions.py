"""Routes for interaction callbacks, follow-ups and webhook messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import payloads
from .http_base import ApiError, Reply, Req, RouteHelpers, _snowflake, form_error
from .rules import FormErrors
from .rules_commands import check_choices, check_modal
from .world import EPHEMERAL, Interaction, Message

if TYPE_CHECKING:
    pass


class InteractionRoutes(RouteHelpers):
    def _interaction(self, req: Req) -> Interaction:
        iid = _snowflake(req.params["interaction_id"], "interaction_id")
        interaction = self.world.interactions.get(iid)
        if interaction is None or interaction.token != req.params["interaction_token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        return interaction

    async def callback(self, req: Req) -> Reply:
        sb = self.sb
        interaction = self._interaction(req)
        if interaction.responded:
            raise ApiError(
                400,
                40060,
                "Interaction has already been acknowledged.",
                violation=True,
                rule="interaction answered twice",
                detail=interaction.description,
            )
        if interaction.failed or sb.interaction_expired(interaction):
            if not interaction.failed:
                sb.fail_interaction(interaction, f"answered after {sb.interaction_deadline:g} s")
            raise ApiError(404, 10062, "Unknown interaction")
        body = self._json_object(req)
        rtype = body.get("type")
        data = body.get("data")
        allowed = {
            1: set(),  # PING interactions only come over HTTP, never through the gateway
            2: {4, 5, 9},
            3: {4, 5, 6, 7, 9},
            4: {8},
            5: {4, 5, 6, 7} if interaction.message_id is not None else {4, 5},
        }[interaction.type]
        if rtype not in allowed:
            errors = FormErrors()
            errors.add(
                ["type"],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Callback type {rtype} is not valid for interaction type {interaction.type}",
            )
            raise form_error(errors, "interaction callback type")
        resource: dict[str, Any] | None = None
        if rtype in (4, 7):
            if not isinstance(data, dict):
                data = {}
            if rtype == 4:
                self._check_body(data, req, interaction=True, rule="interaction reply")
            else:
                self._check_body(data, req, edit=True, interaction=True, rule="interaction update")
        elif rtype == 9:
            errors = check_modal(data)
            if errors:
                raise form_error(errors, "modal: Discord limits")
        elif rtype == 8:
            errors = check_choices(data)
            if errors:
                raise form_error(errors, "autocomplete: Discord limits")

        target = self.world.messages.get(interaction.message_id or 0)
        if rtype in (6, 7) and (target is None or target.deleted):
            raise ApiError(404, 10008, "Unknown Message")

        interaction.response_type = int(rtype)
        interaction.responded_at = sb.clock.time()
        info: dict[str, Any] = {"id": str(interaction.id), "type": interaction.type}
        if rtype == 4:
            assert isinstance(data, dict)
            ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
            msg = sb.answer(interaction, data, ephemeral=ephemeral, files=req.files)
            interaction.original_message_id = msg.id
            interaction.original_completed = True
            info.update(
                response_message_id=str(msg.id), response_message_loading=False, response_message_ephemeral=ephemeral
            )
            resource = {"type": 4, "message": payloads.message(self.world, msg)}
        elif rtype == 5:
            flags = int((data or {}).get("flags") or 0) if isinstance(data, dict) else 0
            ephemeral = bool(flags & EPHEMERAL)
            msg = sb.answer(interaction, {"content": "", "flags": flags & EPHEMERAL}, ephemeral=ephemeral, loading=True)
            interaction.original_message_id = msg.id
            info.update(
                response_message_id=str(msg.id), response_message_loading=True, response_message_ephemeral=ephemeral
            )
        elif rtype in (6, 7):
            assert target is not None
            interaction.original_message_id = target.id
            if rtype == 7:
                assert isinstance(data, dict)
                sb.edit_message(target, data, files=req.files)
                interaction.original_completed = True
                resource = {"type": 7, "message": payloads.message(self.world, target)}
            info.update(
                response_message_id=str(target.id),
                response_message_loading=False,
                response_message_ephemeral=target.ephemeral,
            )
        elif rtype == 8:
            assert isinstance(data, dict)
            interaction.choices = list(data.get("choices") or [])
        elif rtype == 9:
            assert isinstance(data, dict)
            interaction.modal = data
            sb.open_modals[interaction.user.id] = interaction
        interaction.changed()
        if req.query.get("with_response", "false").lower() in ("1", "true"):
            out: dict[str, Any] = {"interaction": info}
            if resource is not None:
                out["resource"] = resource
            return Reply(200, out)
        return Reply(204)

    def _webhook_interaction(self, req: Req) -> Interaction:
        if _snowflake(req.params["webhook_id"], "webhook_id") != self.world.application.id:
            raise ApiError(404, 10015, "Unknown Webhook")
        interaction = self.sb.interaction_by_token(req.params["webhook_token"])
        if interaction is None or not interaction.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        if self.sb.token_expired(interaction):
            raise ApiError(
                401,
                50027,
                "Invalid Webhook Token",
                violation=True,
                rule="follow-up after the 15 minute window",
                detail=interaction.description,
            )
        return interaction

    def _webhook_message(self, req: Req, interaction: Interaction) -> Message:
        raw = req.params.get("message_id")
        if raw is None:  # @original
            mid = interaction.original_message_id
        else:
            mid = _snowflake(raw, "message_id")
            if mid != interaction.original_message_id and mid not in interaction.followup_ids:
                raise ApiError(404, 10008, "Unknown Message")
        msg = self.world.messages.get(mid or 0)
        if msg is None or msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    async def followup(self, req: Req) -> Reply:
        sb = self.sb
        interaction = self._webhook_interaction(req)
        body = self._json_object(req)
        self._check_body(body, req, interaction=True, rule="follow-up")
        original = self.world.messages.get(interaction.original_message_id or 0)
        if interaction.response_type == 5 and original is not None and original.loading:
            # Discord: after a deferred reply, the first follow-up fills in the "thinking" message.
            body = {k: v for k, v in body.items() if k != "flags"}
            sb.edit_message(original, body, files=req.files, complete_loading=True)
            interaction.original_completed = True
            msg = original
        else:
            ephemeral = bool(int(body.get("flags") or 0) & EPHEMERAL)
            msg = sb.answer(interaction, body, ephemeral=ephemeral, files=req.files, followup=True)
            interaction.followup_ids.append(msg.id)
        interaction.changed()
        if req.query.get("wait", "false").lower() in ("1", "true"):
            return Reply(200, payloads.message(self.world, msg))
        return Reply(204)

    async def get_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        return Reply(200, payloads.message(self.world, self._webhook_message(req, interaction)))

    async def edit_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        msg = self._webhook_message(req, interaction)
        body = self._json_object(req)
        self._check_body(body, req, edit=True, interaction=True, rule="interaction edit")
        if not msg.loading:
            self._check_not_empty_after_edit(msg, body, req)
        complete = msg.loading and msg.id == interaction.original_message_id
        self.sb.edit_message(msg, body, files=req.files, complete_loading=complete)
        if msg.id == interaction.original_message_id:
            interaction.original_completed = True
        interaction.changed()
        return Reply(200, payloads.message(self.world, msg))

    async def delete_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        msg = self._webhook_message(req, interaction)
        self.sb.delete_message(msg)
        interaction.changed()
        return Reply(204)

    # --- guilds ---------------------------------------------------------------------------------------------
