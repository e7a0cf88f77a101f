"""The diagnosis a resolution node shows: its text filled in, its evidence, what else was found.

`finish` builds the `Finished` prompt and the data of its `resolved` event from where the walk
stands; the engine only waits on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from wizard.core.flow.alsofound import also_found, decisive_keys, judged_checks
from wizard.core.flow.evidence import caveat, resolution_evidence
from wizard.core.flow.ledger import Ledger
from wizard.core.flow.model import Flow, Resolution
from wizard.core.flow.state import EngineState, Finished
from wizard.core.flow.text import fill


def finish(
    resolution: Resolution,
    state: EngineState,
    flows: Mapping[str, Flow],
    ledger: Ledger,
    order: Sequence[str],
    shown: Callable[[str, str], str],
) -> tuple[Finished, dict[str, Any]]:
    """The diagnosis at `state`'s resolution node, and its `resolved` event's data.

    `order` is the catalog's order of check ids (the rank of "also found"); `shown` how a fact
    may appear in the text (credentials by fingerprint).
    """
    facts, results = state.facts, state.results
    evidence, unverified = resolution_evidence(resolution, results)
    decisive = decisive_keys(flows, state.path, facts, results)
    judged = judged_checks(flows, state.path)
    swept = state.swept or {}
    also = also_found(resolution, results, swept, ledger, order, decisive, judged)
    explanation = fill(resolution.explanation, facts, shown).strip()
    if unverified:
        # The text claims checks that did not pass: say so first, never assert them.
        explanation = f"{caveat(unverified)}\n\n{explanation}"
    finished = Finished(
        flow=state.flow,
        node=state.node,
        title=fill(resolution.title, facts, shown),
        explanation=explanation,
        steps=tuple(fill(step, facts, shown).strip() for step in resolution.steps),
        refs=tuple(resolution.refs),
        evidence=tuple(evidence),
        unverified=tuple(unverified),
        also_found=tuple(also),
    )
    data = {
        "resolution": finished.node,
        "title": finished.title,
        "explanation": finished.explanation,
        "steps": list(finished.steps),
        "refs": list(finished.refs),
        "evidence": [item.to_dict() for item in evidence],
        "also_found": [item.to_dict() for item in also],
    }
    return finished, data
