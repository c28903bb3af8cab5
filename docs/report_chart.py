"""Make docs/report-chart.png from the practice data, the way a lead gets it.

The practice scene is played on a fresh practice server (the real bot against the stand-in), the practice
clock skips past Film club's session, and the owner presses /report → "This month".
The chart attached to that card is saved. Run from the repository: .venv/bin/python docs/report_chart.py
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot import texts  # noqa: E402
from bot.practice import Narrator, Practice, play_scene  # noqa: E402
from bot.settings import Settings  # noqa: E402


async def main() -> int:
    out = REPO / "docs" / "report-chart.png"
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)  # the practice database is made in a folder of its own
        practice = Practice(Settings(practice_port=0), port=0)
        await practice.start()
        try:
            sb = practice.sb
            assert sb is not None
            await play_scene(sb, Narrator(out=io.StringIO(), sb=sb))
            for _ in range(3):  # past the session, "in 2 days" at 6pm
                await practice.skip("tomorrow")
            periods = await sb.member("Morgan").slash("report")
            seen = await sb.member("Morgan").click(periods, texts.REPORT_BUTTON_THIS_MONTH)
            assert seen.message is not None, "no report card"
            out.write_bytes(seen.message.attachment("report-chart.png").data)
            print(f"Saved {out.relative_to(REPO)} ({out.stat().st_size} bytes).")
            print(seen.message.text)
        finally:
            await practice.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
