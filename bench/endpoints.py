"""A node's endpoint checks against slow loopback endpoints: as slow as the slowest chain.

Every endpoint (discovery, JWKS, userinfo, introspection, the resource) answers after DELAY.
Discovery must come first for JWKS, userinfo and introspection (their URLs are in it), so the
slowest chain of dependent requests is two deep; the resource URL is given, so it needs no
discovery and runs beside the rest. Target: wall time <= 1.3 x (2 x DELAY), not the sum of
all requests, with discovery and JWKS fetched once per session.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.rounds import median, ms, verdict
from bench.slow_issuer import AUDIENCE, CLIENT_ID, CLIENT_SECRET, PATHS, SlowIssuer

NAME = "endpoints"
TITLE = "A node's endpoint checks"
CHAIN_DEPTH = 2  # discovery -> (JWKS | userinfo | introspection)
TARGET = 1.3
REQUESTED = ("userinfo.request", "introspection.request", "resource.request")
SHOWN = ("discovery.document", "jwks.keys", "token.signature", *REQUESTED)


def _facts(idp: SlowIssuer) -> dict[str, str]:
    return {
        "token": idp.token(),
        "issuer": idp.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "audience": AUDIENCE,
        "resource_url": idp.url("resource"),
    }


async def _session(idp: SlowIssuer) -> tuple[float, list[Any]]:
    """One session (one environment, so one discovery cache): every check of the catalog."""
    from wizard.core.checks import batch
    from wizard.core.vocab.environment import CheckEnvironment, CheckOptions

    env = CheckEnvironment(options=CheckOptions(timeout=10))
    try:
        start = time.perf_counter()
        results = await batch.run_all(_facts(idp), env, requested=REQUESTED)
        return time.perf_counter() - start, results
    finally:
        await env.aclose()


def measure(rounds: int = 7, delay: float = 0.2) -> dict[str, Any]:
    """Wall time of a whole `run_all` per fresh session, and the requests the server saw."""
    walls: list[float] = []
    counts: list[dict[str, int]] = []
    with SlowIssuer(delay) as idp:
        # The process's first session also pays one-time costs (importing httpx, loading the
        # trust store): shown apart, since a session of the TUI or of a flow pays them once.
        cold, _results = asyncio.run(_session(idp))
        for _ in range(rounds):
            idp.reset()
            # The minting and the loop's start are outside the timed part (inside _session).
            wall, results = asyncio.run(_session(idp))
            walls.append(wall)
            counts.append({name: idp.count(name) for name in PATHS})
        first = min(seen.start for seen in idp.seen)
        timeline = [(s.path, s.start - first, s.end - first) for s in idp.seen]
        statuses = {r.id: str(r.status) for r in results}
    chain = CHAIN_DEPTH * delay
    wall = median(walls)
    return {
        "delay": delay,
        "rounds": rounds,
        "wall": wall,
        "cold": cold,
        "chain": chain,
        "sum": delay * sum(counts[-1].values()),
        "ratio": wall / chain,
        "max_counts": {name: max(c[name] for c in counts) for name in counts[-1]},
        "timeline": sorted(timeline, key=lambda row: row[1]),
        "statuses": {key: statuses[key] for key in SHOWN if key in statuses},
    }


def report(figures: dict[str, Any]) -> str:
    ratio = figures["ratio"]
    counts = figures["max_counts"]
    once = counts["discovery"] == 1 and counts["jwks"] == 1
    lines = [
        f"Every endpoint answers after {ms(figures['delay'])}; median of "
        f"{figures['rounds']} sessions, each a fresh environment running the whole catalog.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| wall time of the checks (a later session) | {ms(figures['wall'])} |",
        f"| slowest chain (discovery -> JWKS) | {ms(figures['chain'])} |",
        f"| first session of the process (imports, trust store) | {ms(figures['cold'])} |",
        f"| sum of all requests, if run one after another | {ms(figures['sum'])} |",
        f"| ratio wall / chain (target <= {TARGET}) | {ratio:.2f} ({verdict(ratio <= TARGET)}) |",
        f"| requests per session | {', '.join(f'{k} {v}' for k, v in counts.items())} |",
        f"| discovery and JWKS once per session | {verdict(once)} |",
        "",
        "Results of the network checks: "
        + ", ".join(f"{k} {v}" for k, v in figures["statuses"].items()),
        "",
        "Timeline of the last session (request arrival and answer, from the first request):",
        "",
        "```",
        *(
            f"{start * 1000:7.1f} -> {end * 1000:7.1f} ms  {path}"
            for path, start, end in figures["timeline"]
        ),
        "```",
    ]
    return "\n".join(lines)
