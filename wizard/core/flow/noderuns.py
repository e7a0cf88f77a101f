"""The checks a node runs: which inputs each gets from the facts, and how a transcript keeps them.

`plan_runs` turns a node's `checks:` into runs; `describe_run` writes one down with every
credential input named by the fact it came from (`withheld`), so a replay can ask for it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from wizard.core.checks.registry import CheckSpec
from wizard.core.checks.runner import CheckRun
from wizard.core.flow.facts import fact_type_of
from wizard.core.flow.model import FACT_REFERENCE, FactSpec, Node
from wizard.core.flow.text import resolve_input
from wizard.core.vocab.result import CheckResult, Status

# A parenthesis in an input's description: how to give it, e.g. "(dotted path allowed)".
_GUIDANCE = re.compile(r"\s*\([^()]*\)")


def plan_runs(
    node: Node, registry: Mapping[str, CheckSpec], facts: Mapping[str, str]
) -> tuple[list[CheckRun], dict[str, CheckResult]]:
    """The runs of the node's checks, and an error result for each check not installed."""
    runs: list[CheckRun] = []
    missing: dict[str, CheckResult] = {}
    for call in node.check_calls:
        spec = registry.get(call.id)
        if spec is None:  # validation reports it; at run time it is an error result
            missing[call.key] = CheckResult(
                call.id, Status.ERROR, call.id, f"no check '{call.id}' is installed"
            )
            continue
        runs.append(CheckRun(call.key, spec, inputs_for(spec, call.with_, facts)))
    return runs, missing


def inputs_for(
    spec: CheckSpec, given: Mapping[str, str], facts: Mapping[str, str]
) -> dict[str, str]:
    """Each input of the check: from its `with:` template, else from the fact of its name."""
    inputs: dict[str, str] = {}
    for name in spec.inputs:
        value = resolve_input(given[name], facts) if name in given else facts.get(name)
        if value not in (None, ""):
            inputs[name] = value  # type: ignore[assignment]
    return inputs


def describe_run(
    run: CheckRun,
    node: Node,
    is_credential: Callable[[str], bool],
    shown: Callable[[str, str], str],
) -> dict[str, Any]:
    """A run as a transcript keeps it: inputs, with credentials named by the fact they are."""
    templates = {call.key: call.with_ for call in node.check_calls}.get(run.key, {})
    inputs: dict[str, str] = {}
    withheld: dict[str, str] = {}
    for name, value in run.inputs.items():
        sources = FACT_REFERENCE.findall(templates[name]) if name in templates else [name]
        credential = next((fact for fact in sources if is_credential(fact)), None)
        # An input named like a credential is one, whatever fact fed it.
        if credential is None and fact_type_of(name) != "text":
            credential = name
        if credential is None:
            inputs[name] = value
        else:
            withheld[name] = credential
            inputs[name] = shown(credential, value)
    return {"key": run.key, "id": run.spec.id, "inputs": inputs, "withheld": withheld}


def in_users_terms(
    run: CheckRun,
    result: CheckResult,
    node: Node,
    declined: Collection[str],
    spec_of: Callable[[str], FactSpec | None] = lambda fact: None,
) -> CheckResult:
    """A skip caused by a question the user skipped says so, instead of "not known yet".

    `spec_of` gives a fact's spec: an input the node fills from a skipped fact is named by
    that fact's question (the input's own description says what the check calls it)."""
    if result.status is not Status.SKIP:
        return result
    templates = {call.key: call.with_ for call in node.check_calls}.get(run.key, {})
    skipped: list[str] = []
    # A required input, or one the node fills from a fact (`with:`): a skipped question
    # behind either is why the check could not run.
    for name in dict.fromkeys([*run.spec.requires, *templates]):
        if run.inputs.get(name):
            continue
        sources = FACT_REFERENCE.findall(templates[name]) if name in templates else [name]
        unanswered = [fact for fact in sources if fact in declined]
        if not unanswered:
            continue
        spec = spec_of(unanswered[0])
        asked = spec.prompt.strip().removesuffix("?").replace(" (optional)", "") if spec else ""
        if name in templates and asked:
            skipped.append(f"an answer to “{asked}?”")
        else:
            # The input's description without its guidance for the one who gives it
            # ("(dotted path allowed)"): the sentence says what is missing, not how to write it.
            described = _GUIDANCE.sub("", run.spec.inputs.get(name) or "").strip()
            skipped.append(described or name)
    if not skipped:
        return result
    wanted = " and ".join(skipped)
    return dataclasses.replace(
        result, detail=f"Skipped: you did not give {wanted}, so this was not checked."
    )
