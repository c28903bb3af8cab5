"""Run ``python -m bot`` as another user, for a root test run (root may write any file).

The interpreter lives where only root may read, so everything the start needs is imported first,
then the process gives up root for good, then ``main()`` runs. Usage: python -m tests.ops.as_user USER ARGS.
"""

from __future__ import annotations

import os
import pwd
import sys

import aiosqlite  # noqa: F401
import alembic.command
import alembic.runtime.migration  # noqa: F401
import sqlalchemy.dialects.sqlite.aiosqlite
import sqlalchemy.ext.asyncio  # noqa: F401

import bot.__main__
import bot.ops.startup

if __name__ == "__main__":
    user = pwd.getpwnam(sys.argv[1])
    os.setgroups([])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)
    raise SystemExit(bot.__main__.main(sys.argv[2:]))
