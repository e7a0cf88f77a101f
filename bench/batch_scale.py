"""Scale: `wizard check --batch` over many tokens against raw pyjwt in the same process.

Both sides get the same lines (one token per line, bytes, as read from a file) and write one
JSON line per token: the wizard runs its whole offline catalog through `check_lines`, the one
`wizard check --batch FILE --offline --json` uses; the baseline decodes each token with pyjwt
(header, then claims with exp/nbf/iat verified, no signature) and dumps both. Rounds alternate
and count CPU time of this process, which a busy neighbour does not inflate.
Target: wizard throughput >= 0.5 x pyjwt's.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from bench.minting import look_alike_tokens
from bench.rounds import alternate, median, verdict

NAME = "batch"
TITLE = "Scale: --batch over many tokens"
TARGET = 0.5


def _pyjwt_lines(lines: list[bytes], write: Any) -> None:
    import jwt

    options = {
        "verify_signature": False,
        "verify_exp": True,
        "verify_nbf": True,
        "verify_iat": True,
    }
    for number, raw in enumerate(lines, start=1):
        token = raw.decode("utf-8").strip()
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options=options)
            write(json.dumps({"line": number, "header": header, "claims": claims}))
        except jwt.PyJWTError as exc:
            write(json.dumps({"line": number, "error": str(exc)}))


def _wizard_lines(lines: list[bytes], write: Any) -> int:
    from wizard.core.checks import batch
    from wizard.core.vocab.environment import CheckEnvironment, CheckOptions

    env = CheckEnvironment(options=CheckOptions(offline=True))
    return asyncio.run(batch.check_lines(lines, {}, env, write))


def _cpu(job: Any, lines: list[bytes]) -> float:
    out: list[str] = []
    start = time.process_time()
    job(lines, out.append)
    elapsed = time.process_time() - start
    if len(out) != len(lines):
        raise RuntimeError(f"{len(out)} lines out for {len(lines)} in")
    return elapsed


def measure(tokens: int = 10_000, rounds: int = 3) -> dict[str, Any]:
    lines = [(token + "\n").encode() for token in look_alike_tokens(tokens)]
    # One small warm-up each: imports, the catalog, pyjwt's first calls stay out of the figures.
    _cpu(_wizard_lines, lines[:20])
    _cpu(_pyjwt_lines, lines[:20])
    samples = alternate(
        {
            "wizard": lambda: _cpu(_wizard_lines, lines),
            "pyjwt": lambda: _cpu(_pyjwt_lines, lines),
        },
        rounds,
    )
    wizard_rate = tokens / median(samples["wizard"])
    pyjwt_rate = tokens / median(samples["pyjwt"])
    sample: list[str] = []
    _wizard_lines(lines[:1], sample.append)
    return {
        "tokens": tokens,
        "rounds": rounds,
        "wizard_rate": wizard_rate,
        "pyjwt_rate": pyjwt_rate,
        "ratio": wizard_rate / pyjwt_rate,
        "line_bytes": len(sample[0]),
        "checks_run": len(json.loads(sample[0])["results"]),
    }


def report(figures: dict[str, Any]) -> str:
    ratio = figures["ratio"]
    per_token = 1e6 / figures["wizard_rate"]
    return "\n".join(
        [
            f"{figures['tokens']:,} distinct tokens, {figures['rounds']} alternated rounds, "
            "CPU time of one process, medians.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| wizard `check_lines` (the `--batch` path) | {figures['wizard_rate']:,.0f} "
            f"tokens/s ({per_token:.0f} µs each) |",
            f"| pyjwt decode + JSON line | {figures['pyjwt_rate']:,.0f} tokens/s |",
            f"| ratio (target >= {TARGET}) | {ratio:.2f} ({verdict(ratio >= TARGET)}) |",
            f"| checks with a result per line (the rest skip) | {figures['checks_run']} |",
            f"| bytes per output line | {figures['line_bytes']:,} |",
        ]
    )
