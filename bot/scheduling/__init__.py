"""Scheduled work: the registry of handlers by kind, and the scheduler that fires due rows.

Import the scheduler from ``bot.scheduling.scheduler``; this package keeps the light names services need.
"""

from bot.scheduling.registry import Job, KindPolicy, PermanentFailure, Registry

__all__ = ["Job", "KindPolicy", "PermanentFailure", "Registry"]
