"""python -m sandbox: run the Discord stand-in alone on 127.0.0.1 with the default world."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from .server import Sandbox
from .world import default_world


async def _serve(port: int, heartbeat_ms: int) -> None:
    sb = Sandbox(world=default_world(), port=port, heartbeat_interval_ms=heartbeat_ms)
    await sb.start()
    guild = sb.world.first_guild
    print(f"Discord sandbox running ({guild.name}: {', '.join('#' + c.name for c in guild.text_channels)})")
    print(f"  DISCORD_TOKEN={sb.token}")
    print(f"  DISCORD_API_BASE={sb.api_base}")
    print(f"  DISCORD_GATEWAY_URL={sb.gateway_url}")
    print(
        f"  application id {sb.application_id}; OpenAPI checks: "
        f"{'on' if sb.openapi_available else 'off (' + sb.openapi_skip_reason + ')'}"
    )
    print("Press Ctrl+C to stop.", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await sb.stop()
        problems = sb.problems()
        if problems:
            print("Problems seen:\n  " + "\n  ".join(problems))
        print("Sandbox stopped.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--heartbeat-ms", type=int, default=41250)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.heartbeat_ms))


if __name__ == "__main__":
    main()
