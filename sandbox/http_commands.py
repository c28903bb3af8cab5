"""Routes for application (slash) commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import payloads
from .http_base import ApiError, Reply, Req, RouteHelpers, _snowflake, form_error
from .rules import check_commands
from .world import Command

if TYPE_CHECKING:
    pass


class CommandRoutes(RouteHelpers):
    # --- application commands --------------------------------------------------------------------------
    def _command_scope(self, req: Req) -> tuple[int | None, list[Command]]:
        if _snowflake(req.params["application_id"], "application_id") != self.world.application.id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" in req.params:
            guild = self._guild(req)
            return guild.id, self.world.guild_commands.setdefault(guild.id, [])
        return None, self.world.global_commands

    def _store_command(self, raw: dict[str, Any], guild_id: int | None, existing: list[Command]) -> Command:
        data = dict(raw)
        data.pop("id", None)
        data.setdefault("type", 1)
        data.setdefault("description", "" if data["type"] != 1 else data.get("description"))
        perms = data.get("default_member_permissions")
        # discord.py sends an integer; Discord stores and returns a string bitfield.
        data["default_member_permissions"] = None if perms is None else str(int(perms))
        data.setdefault("nsfw", False)
        if guild_id is None:
            data.setdefault("contexts", None)
            if data.get("integration_types") is None:
                data["integration_types"] = [0]  # Discord's default: guild install
        else:
            data.pop("contexts", None)
            data.pop("integration_types", None)
        data.setdefault("dm_permission", True)
        for key in ("name_localizations", "description_localizations"):
            if key in data and data[key] is None:
                del data[key]
        for cmd in existing:
            if cmd.name == data.get("name") and cmd.type == data["type"]:
                if cmd.data != {**data, "version": cmd.data.get("version")}:
                    data["version"] = str(self.world.new_id())
                else:
                    data["version"] = cmd.data.get("version")
                cmd.data = data
                return cmd
        cid = self.world.new_id()
        data["version"] = str(cid)
        return Command(id=cid, data=data, guild_id=guild_id)

    def _commands_body(self, req: Req) -> list[dict[str, Any]]:
        errors = check_commands(req.body)
        if errors:
            raise form_error(errors, "application commands: Discord limits")
        assert isinstance(req.body, list)
        return req.body

    async def list_commands(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        return Reply(200, [payloads.command(self.world, c) for c in cmds])

    async def put_commands(self, req: Req) -> Reply:
        gid, existing = self._command_scope(req)
        body = self._commands_body(req)
        stored = [self._store_command(raw, gid, existing) for raw in body]
        existing[:] = stored
        return Reply(200, [payloads.command(self.world, c) for c in stored])

    async def create_command(self, req: Req) -> Reply:
        gid, existing = self._command_scope(req)
        body = self._json_object(req)
        errors = check_commands([body])
        if errors:
            raise form_error(errors, "application command: Discord limits")
        known = {c.id for c in existing}
        cmd = self._store_command(body, gid, existing)
        status = 200 if cmd.id in known else 201
        if cmd.id not in known:
            existing.append(cmd)
        return Reply(status, payloads.command(self.world, cmd))

    def _find_command(self, req: Req, cmds: list[Command]) -> Command:
        cid = _snowflake(req.params["command_id"], "command_id")
        for c in cmds:
            if c.id == cid:
                return c
        raise ApiError(404, 10063, "Unknown application command")

    async def get_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        return Reply(200, payloads.command(self.world, self._find_command(req, cmds)))

    async def edit_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        cmd = self._find_command(req, cmds)
        merged = {**cmd.data, **self._json_object(req)}
        errors = check_commands([merged])
        if errors:
            raise form_error(errors, "application command: Discord limits")
        merged["version"] = str(self.world.new_id())
        cmd.data = merged
        return Reply(200, payloads.command(self.world, cmd))

    async def delete_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        cmds.remove(self._find_command(req, cmds))
        return Reply(204)

    # --- interactions -------------------------------------------------------------------------------------
