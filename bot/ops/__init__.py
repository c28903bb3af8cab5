"""Running Connect for years: start-up checks with plain one-line failures, health check, backup, logging.

- ``logs``: logging setup (text or JSON lines) and ``say`` for the operator's one-line messages.
- ``failures``: which exception means what (database unreachable, not writable, ahead of the code, an outage).
- ``startup``: the start of ``python -m bot`` with a token: database, then Discord (retried with backoff).
- ``check``: ``python -m bot check``, for people and for monitoring (exit 0 or 1).
- ``backup``: ``python -m bot backup PATH`` (SQLite online backup; for PostgreSQL the pg_dump command).
"""
