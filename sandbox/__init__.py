"""A local stand-in for Discord's HTTP API and gateway, for the real discord.py client.

Only aiohttp, jsonschema and the standard library are needed. See `Sandbox` (server.py), the world
model (world.py), acting as members (actors.py) and `python -m sandbox`.
"""

from .actors import Choice, CommandNotAvailable, InteractionFailed, MemberActor, NotVisible, Seen
from .clock import Clock, SnowflakeFactory, snowflake_time
from .faults import Faults
from .records import FailedInteraction, RateLimitEvent, RequestRecord, SpecProblem, UnknownRoute, Violation
from .server import NotConnected, Sandbox
from .views import Button, Modal, ModalField, Select, SelectOption
from .world import (
    Application,
    Attachment,
    Channel,
    Command,
    Guild,
    Interaction,
    Member,
    Message,
    Overwrite,
    Role,
    User,
    World,
    default_world,
)

__all__ = [
    "Application",
    "Attachment",
    "Button",
    "Channel",
    "Choice",
    "Clock",
    "Command",
    "CommandNotAvailable",
    "FailedInteraction",
    "Faults",
    "Guild",
    "Interaction",
    "InteractionFailed",
    "Member",
    "MemberActor",
    "Message",
    "Modal",
    "ModalField",
    "NotConnected",
    "NotVisible",
    "Overwrite",
    "RateLimitEvent",
    "RequestRecord",
    "Role",
    "Sandbox",
    "Seen",
    "Select",
    "SelectOption",
    "SnowflakeFactory",
    "SpecProblem",
    "UnknownRoute",
    "User",
    "Violation",
    "World",
    "default_world",
    "snowflake_time",
]
