"""Run by the kill test in a process of its own: a session that autosaves, then blocks.

Usage: python -m tests.core.session.kill_target TOKEN
It prints the session id, walks the `slow` flow to its check, which never returns.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.core.session.checks import SLOW_REGISTRY
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore


async def main(token: str) -> None:
    catalog = FlowCatalog.load([], SLOW_REGISTRY, [Path(__file__).parent / "data" / "slow.yaml"])
    assert not catalog.problems, catalog.problems
    flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    session = Session.start(
        flows, SLOW_REGISTRY, "slow", facts={"name": "Ada"}, store=SessionStore()
    )
    engine = session.engine
    assert engine is not None
    print(session.id, flush=True)
    await engine.advance()  # asks the token
    engine.answer(token)
    await engine.advance()  # asks the choice
    engine.answer("go")
    await engine.advance()  # runs slow.step, which sleeps until the process is killed


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
