"""The engine: a state machine that walks flows, runs checks and records what happened.

It knows nothing of terminals. A face calls `advance()` to move until the engine needs the
user (a fact, a choice) or reaches a resolution, then `answer()`, `back()` or `restart()`.
Every step is emitted as an `Event` for the session log.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.core.checks.registry import CheckSpec
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.flow.conditions import evaluate
from wizard.core.flow.facts import describe_fact, fact_type_of
from wizard.core.flow.fitting import best_playbook
from wizard.core.flow.model import FACT_REFERENCE, Choice, FactSpec, Flow, Node, split_goto
from wizard.core.flow.text import fill, resolve_input
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.events import Event, EventKind
from wizard.core.vocab.result import CheckResult, Status

# Steps taken without asking anything; more means the flow loops on itself.
MAX_AUTOMATIC_STEPS = 500


class Stage(StrEnum):
    ENTER = "enter"
    ASK = "ask"
    CHECKS = "checks"
    DECIDE = "decide"
    DONE = "done"


@dataclass(frozen=True)
class AskFact:
    """The engine waits for a fact (`answer(value)`, or `answer("")` to skip an optional one)."""

    flow: str
    node: str
    name: str
    spec: FactSpec


@dataclass(frozen=True)
class AskChoice:
    """The engine waits for the user to pick one of `choices` (by value or label)."""

    flow: str
    node: str
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Finished:
    """The flow reached a resolution, with its text filled in from the facts."""

    flow: str
    node: str
    title: str
    explanation: str
    steps: tuple[str, ...]
    refs: tuple[str, ...]

    @property
    def resolution_id(self) -> str:
        return self.node


@dataclass(frozen=True)
class Stuck:
    """The flow cannot go on (a loop with no question, a route that leads nowhere)."""

    flow: str
    node: str
    reason: str


Prompt = AskFact | AskChoice | Finished | Stuck


class InvalidAnswer(ValueError):
    """An answer that does not fit what the engine waits for; the message says what would."""


@dataclass
class EngineState:
    """Everything `back()` must restore; copied before each answer."""

    flow: str
    node: str
    stage: Stage = Stage.ENTER
    facts: dict[str, str] = field(default_factory=dict)
    fact_sources: dict[str, str] = field(default_factory=dict)
    declined: set[str] = field(default_factory=set)
    results: dict[str, CheckResult] = field(default_factory=dict)
    path: list[tuple[str, str]] = field(default_factory=list)
    pending: Prompt | None = None


class Engine:
    """Walks one session through the flows of a catalog."""

    def __init__(
        self,
        flows: Mapping[str, Flow],
        registry: Mapping[str, CheckSpec],
        flow_id: str,
        *,
        facts: Mapping[str, str] | None = None,
        env: CheckEnvironment | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> None:
        if flow_id not in flows:
            raise KeyError(flow_id)
        self.flows = flows
        self.registry = registry
        self.env = env or CheckEnvironment()
        self.events: list[Event] = []
        self._listeners: list[Callable[[Event], None]] = [on_event] if on_event else []
        self._initial_flow = flow_id
        self._initial_facts = {k: v for k, v in (facts or {}).items() if v not in (None, "")}
        self._history: list[EngineState] = []
        self._before_checks: EngineState | None = None
        self.state = self._fresh_state()
        self._entered_flow = False
        # Credentials a restored session did not save: asked again before it goes on.
        self._withheld: tuple[str, ...] = ()

    # --- reading the state -------------------------------------------------------------

    @property
    def flow(self) -> Flow:
        return self.flows[self.state.flow]

    @property
    def node(self) -> Node:
        return self.flow.nodes[self.state.node]

    @property
    def facts(self) -> dict[str, str]:
        return self.state.facts

    @property
    def results(self) -> dict[str, CheckResult]:
        return self.state.results

    @property
    def pending(self) -> Prompt | None:
        return self.state.pending

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    def fact_spec(self, name: str) -> FactSpec | None:
        """The declaration of a fact in the current flow, else in any flow."""
        if name in self.flow.facts:
            return self.flow.facts[name]
        return next((f.facts[name] for f in self.flows.values() if name in f.facts), None)

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    # --- moving ------------------------------------------------------------------------

    async def advance(self) -> Prompt:
        """Go on until the user is needed or the flow ends; returns what is awaited."""
        if self.state.pending is not None:
            return self.state.pending
        if not self._entered_flow:
            self._entered_flow = True
            self._emit("flow_entered", {"title": self.flow.title})
        reask = self._next_withheld_fact()
        if reask is not None:
            self._emit("asked", {"fact": reask.name, "prompt": reask.spec.prompt})
            return self._wait(reask)
        steps = 0
        while True:
            stage = self.state.stage
            if stage is Stage.ENTER:
                self._enter_node()
            elif stage is Stage.ASK:
                name = self._next_missing_fact()
                if name is not None:
                    spec = self.flow.facts[name]
                    self._emit(
                        "asked",
                        {"fact": name, "prompt": fill(spec.prompt, self.facts, self._shown)},
                    )
                    return self._wait(AskFact(self.state.flow, self.state.node, name, spec))
                self.state.stage = Stage.CHECKS
            elif stage is Stage.CHECKS:
                await self._run_node_checks()
                self.state.stage = Stage.DECIDE
            elif stage is Stage.DECIDE:
                prompt = self._decide()
                if prompt is not None:
                    return prompt
                steps += 1
                if steps > MAX_AUTOMATIC_STEPS:
                    return self._stuck("the flow goes round without asking anything; it has a loop")
            else:  # DONE: only reachable with a pending Finished, returned above
                raise AssertionError("advance() after the flow finished without a pending prompt")

    def answer(self, value: str) -> None:
        """Answer the pending question. Raises InvalidAnswer when the answer does not fit."""
        pending = self.state.pending
        if isinstance(pending, AskFact):
            self._answer_fact(pending, value)
        elif isinstance(pending, AskChoice):
            self._answer_choice(pending, value)
        else:
            raise InvalidAnswer("nothing is being asked right now")

    def back(self) -> bool:
        """Undo the last answer, with the facts it set and the checks run since."""
        if not self._history:
            return False
        self.state = self._history.pop()
        self._before_checks = None
        self._emit("went_back", {})
        return True

    def restart(self) -> None:
        """Start the first flow again with only the facts the session began with."""
        self._history.clear()
        self._before_checks = None
        self.state = self._fresh_state()
        self._withheld = ()
        self._emit("restarted", {})
        self._entered_flow = False

    @property
    def can_retry(self) -> bool:
        return self._before_checks is not None

    def retry_checks(self) -> bool:
        """Run the latest node's checks again (after an error or a cancel) and route anew."""
        if self._before_checks is None:
            return False
        self.state = copy.deepcopy(self._before_checks)
        return True

    # --- saving and resuming -----------------------------------------------------------

    def is_credential(self, name: str) -> bool:
        """True for a fact that holds a token or a secret (never saved, never shown raw)."""
        spec = self.fact_spec(name)
        return fact_type_of(name, spec.type if spec else "text") in ("token", "secret")

    def snapshot(self) -> dict[str, Any]:
        """Where the session stands, as plain data with no credential in it.

        Token and secret facts are left out and named under `withheld`; `restore()` asks
        for them again. The undo history is not kept: a resumed session starts from here.
        """
        state = self.state
        # A credential still owed from an earlier resume stays owed, or it would be forgotten.
        owed = {name for name in self._withheld if state.facts.get(name) in (None, "")}
        withheld = sorted({n for n in state.facts if self.is_credential(n)} | owed)
        kept = [name for name in state.facts if name not in withheld]
        return {
            "flow": state.flow,
            "node": state.node,
            "stage": str(state.stage),
            "facts": {name: state.facts[name] for name in kept},
            "fact_sources": {
                name: state.fact_sources[name] for name in kept if name in state.fact_sources
            },
            "withheld": withheld,
            "declined": sorted(state.declined),
            "results": {key: result.to_dict() for key, result in state.results.items()},
            "path": [[flow, node] for flow, node in state.path],
        }

    def restore(self, snapshot: Mapping[str, Any], facts: Mapping[str, str] | None = None) -> None:
        """Continue from a `snapshot()`; `facts` (given again, such as tokens) are added.

        The node the session stopped at is taken up again at its stage: a question is asked
        again, checks that were running are run again. Withheld credentials not in `facts`
        are asked first. Raises ValueError when this catalog lacks the saved flow or node.
        """
        flow_id, node_id = str(snapshot["flow"]), str(snapshot["node"])
        if flow_id not in self.flows:
            raise ValueError(f"the session stopped in flow '{flow_id}', which is not installed")
        if node_id not in self.flows[flow_id].nodes:
            raise ValueError(f"flow '{flow_id}' has no node '{node_id}' any more")
        stage = Stage(snapshot.get("stage", Stage.ENTER))
        saved_facts = {str(k): str(v) for k, v in dict(snapshot.get("facts") or {}).items()}
        sources = {str(k): str(v) for k, v in dict(snapshot.get("fact_sources") or {}).items()}
        given = {k: v for k, v in (facts or {}).items() if v not in (None, "")}
        self.state = EngineState(
            flow=flow_id,
            node=node_id,
            # A finished flow is decided again, so its resolution is shown again.
            stage=Stage.DECIDE if stage is Stage.DONE else stage,
            facts={**saved_facts, **given},
            fact_sources={**sources, **{name: "given" for name in given}},
            declined={str(name) for name in snapshot.get("declined") or ()},
            results={
                str(key): CheckResult.from_dict(raw)
                for key, raw in dict(snapshot.get("results") or {}).items()
            },
            path=[(str(f), str(n)) for f, n in snapshot.get("path") or [(flow_id, node_id)]],
        )
        self._initial_facts = {
            k: v for k, v in self.state.facts.items() if self.state.fact_sources.get(k) == "given"
        }
        self._withheld = tuple(str(name) for name in snapshot.get("withheld") or ())
        self._history.clear()
        self._before_checks = None
        self._entered_flow = True
        self._emit("resumed", {"withheld": [n for n in self._withheld if n not in given]})

    # --- inside ------------------------------------------------------------------------

    def _next_withheld_fact(self) -> AskFact | None:
        for name in self._withheld:
            if self.facts.get(name) in (None, "") and name not in self.state.declined:
                declared = self.fact_spec(name)
                # Optional: the session may go on without a credential its flow never needs,
                # and the node that needs it asks again, as required.
                spec = (
                    declared.model_copy(update={"optional": True})
                    if declared is not None
                    else FactSpec(
                        type="token" if fact_type_of(name) == "token" else "secret",
                        prompt=f"The saved session used '{name}', which is never saved: "
                        "give it again",
                        optional=True,
                    )
                )
                return AskFact(self.state.flow, self.state.node, name, spec)
        return None

    def _fresh_state(self) -> EngineState:
        flow = self.flows[self._initial_flow]
        return EngineState(
            flow=flow.id,
            node=flow.start,
            facts=dict(self._initial_facts),
            fact_sources={name: "given" for name in self._initial_facts},
            path=[(flow.id, flow.start)],
        )

    def _wait(self, prompt: Prompt) -> Prompt:
        self.state.pending = prompt
        return prompt

    def _stuck(self, reason: str) -> Stuck:
        self._emit("error", {"reason": reason})
        stuck = Stuck(self.state.flow, self.state.node, reason)
        self.state.pending = stuck
        self.state.stage = Stage.DONE
        return stuck

    def _enter_node(self) -> None:
        text = fill(self.node.say, self.facts, self._shown).strip()
        if text:
            self._emit("said", {"text": text})
        self.state.stage = Stage.ASK

    def _next_missing_fact(self) -> str | None:
        for name in self.node.ask:
            if self.facts.get(name) not in (None, ""):
                continue
            # A skipped fact stays skipped only where the flow allows skipping it.
            if name not in self.state.declined or not self.flow.facts[name].optional:
                return name
        return None

    def _answer_fact(self, pending: AskFact, value: str) -> None:
        value = value.strip() if pending.spec.type not in ("token", "secret") else value
        if not value and not pending.spec.optional:
            raise InvalidAnswer(f"'{pending.name}' is needed here: {pending.spec.prompt}")
        self._remember()
        if value:
            self._set_fact(pending.name, value, "user")
        else:
            self.state.declined.add(pending.name)
        shown = describe_fact(pending.spec.type, value, pending.name) if value else "(skipped)"
        self._emit("answered", {"fact": pending.name, "value": shown})
        self.state.pending = None

    def _answer_choice(self, pending: AskChoice, value: str) -> None:
        wanted = value.strip()
        choice = next(
            (
                c
                for c in pending.choices
                if wanted in (c.answer, c.label) or wanted.lower() == c.label.lower()
            ),
            None,
        )
        if choice is None and wanted.isdigit() and 1 <= int(wanted) <= len(pending.choices):
            choice = pending.choices[int(wanted) - 1]
        if choice is None:
            allowed = ", ".join(f"'{c.answer}'" for c in pending.choices)
            raise InvalidAnswer(
                f"'{wanted}' is not an answer at '{pending.node}'; allowed: {allowed}"
            )
        self._remember()
        for name, fact_value in choice.set.items():
            self._set_fact(name, fill(fact_value, self.facts), "choice")
        self._emit("answered", {"choice": choice.answer, "label": choice.label})
        self.state.pending = None
        self._move(choice.goto)

    def _remember(self) -> None:
        self._history.append(copy.deepcopy(self.state))

    def _set_fact(self, name: str, value: str, source: str) -> None:
        self.state.facts[name] = value
        self.state.fact_sources[name] = source

    def _decide(self) -> Prompt | None:
        node = self.node
        if node.resolution is not None:
            res = node.resolution
            finished = Finished(
                flow=self.state.flow,
                node=self.state.node,
                title=fill(res.title, self.facts, self._shown),
                explanation=fill(res.explanation, self.facts, self._shown).strip(),
                steps=tuple(fill(step, self.facts, self._shown).strip() for step in res.steps),
                refs=tuple(res.refs),
            )
            self._emit(
                "resolved",
                {
                    "resolution": finished.node,
                    "title": finished.title,
                    "explanation": finished.explanation,
                    "steps": list(finished.steps),
                    "refs": list(finished.refs),
                },
            )
            self.state.stage = Stage.DONE
            return self._wait(finished)
        if node.choices:
            text = fill(node.say, self.facts, self._shown).strip()
            self._emit("asked", {"choices": [c.answer for c in node.choices]})
            return self._wait(
                AskChoice(self.state.flow, self.state.node, text, tuple(node.choices))
            )
        if node.handoff is not None:
            return self._move(self._handoff_target(node.handoff.symptom, node.handoff.otherwise))
        statuses = {key: str(result.status) for key, result in self.results.items()}
        for route in node.next:
            if route.when is None or evaluate(route.when, self.facts, statuses):
                return self._move(route.goto)
        return self._stuck(f"no route of node '{self.state.node}' applies")

    def _handoff_target(self, symptom: str, otherwise: str) -> str:
        fit = best_playbook(self.flows.values(), symptom=symptom, facts=self.facts)
        if fit is None:
            return otherwise
        why = ", ".join(fit.reasons) or f"it explains '{symptom}' failures"
        self._emit("said", {"text": f"Opening '{fit.flow.title}' ({why})."})
        return fit.goto

    def _move(self, goto: str) -> Prompt | None:
        flow_id, node_id = split_goto(goto, self.state.flow)
        if flow_id not in self.flows or node_id not in self.flows[flow_id].nodes:
            return self._stuck(f"'{goto}' names no node; run 'wizard flows lint'")
        changed_flow = flow_id != self.state.flow
        self.state.flow, self.state.node = flow_id, node_id
        self.state.stage = Stage.ENTER
        self.state.path.append((flow_id, node_id))
        if changed_flow:
            self._emit("flow_entered", {"title": self.flow.title})
        return None

    async def _run_node_checks(self) -> None:
        planned = [self._check_run(call.key, call.id, call.with_) for call in self.node.check_calls]
        runs = [run for run in planned if run is not None]
        if not runs:
            return
        self._before_checks = copy.deepcopy(self.state)
        self._emit(
            "checks_started",
            {"checks": [run.key for run in runs], "runs": [self._describe_run(r) for r in runs]},
        )

        async def keyed(run: CheckRun) -> tuple[CheckRun, CheckResult]:
            return run, self._in_users_terms(run, await run_one(run, self.env))

        tasks = [asyncio.ensure_future(keyed(run)) for run in runs]
        try:
            for finished in asyncio.as_completed(tasks):
                run, result = await finished
                self._record(run.key, result)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            self._emit("checks_cancelled", {})
            raise

    def _check_run(self, key: str, check_id: str, given: Mapping[str, str]) -> CheckRun | None:
        spec = self.registry.get(check_id)
        if spec is None:  # validation reports it; at run time it is an error result
            self._record(
                key,
                CheckResult(
                    check_id, Status.ERROR, check_id, f"no check '{check_id}' is installed"
                ),
            )
            return None
        return CheckRun(key, spec, self._inputs_for(spec, given))

    def _in_users_terms(self, run: CheckRun, result: CheckResult) -> CheckResult:
        """A skip caused by a question the user skipped says so, instead of "not known yet"."""
        if result.status is not Status.SKIP:
            return result
        templates = {call.key: call.with_ for call in self.node.check_calls}.get(run.key, {})
        skipped: list[str] = []
        for name in run.spec.requires:
            if run.inputs.get(name):
                continue
            sources = FACT_REFERENCE.findall(templates[name]) if name in templates else [name]
            if any(fact in self.state.declined for fact in sources):
                skipped.append(run.spec.inputs.get(name) or name)
        if not skipped:
            return result
        wanted = " and ".join(skipped)
        return dataclasses.replace(
            result, detail=f"Skipped: you did not give {wanted}, so this was not checked."
        )

    def _describe_run(self, run: CheckRun) -> dict[str, Any]:
        """A run as a transcript keeps it: inputs, with credentials named by the fact they are.

        `withheld` maps an input to the credential fact it came from, so a replay can ask for it.
        """
        templates = {call.key: call.with_ for call in self.node.check_calls}.get(run.key, {})
        inputs: dict[str, str] = {}
        withheld: dict[str, str] = {}
        for name, value in run.inputs.items():
            sources = FACT_REFERENCE.findall(templates[name]) if name in templates else [name]
            credential = next((fact for fact in sources if self.is_credential(fact)), None)
            if credential is None and fact_type_of(name) != "text":
                credential = name
            if credential is None:
                inputs[name] = value
            else:
                withheld[name] = credential
                inputs[name] = self._shown(credential, value)
        return {"key": run.key, "id": run.spec.id, "inputs": inputs, "withheld": withheld}

    def _inputs_for(self, spec: CheckSpec, given: Mapping[str, str]) -> dict[str, str]:
        inputs: dict[str, str] = {}
        for name in spec.inputs:
            value = (
                resolve_input(given[name], self.facts) if name in given else self.facts.get(name)
            )
            if value not in (None, ""):
                inputs[name] = value  # type: ignore[assignment]
        return inputs

    def _record(self, key: str, result: CheckResult) -> None:
        self.state.results[key] = result
        for name, value in result.facts.items():
            # What the user told us wins over what a check inferred.
            if self.state.fact_sources.get(name) in (None, "check") and value not in (None, ""):
                self._set_fact(name, value, "check")
        self._emit("check_result", {"key": key, "result": result.to_dict()})

    def _shown(self, name: str, value: str) -> str:
        spec = self.fact_spec(name)
        return describe_fact(spec.type if spec else "text", value, name)

    def _emit(self, kind: EventKind, data: dict[str, Any]) -> None:
        event = Event(kind, self.state.flow, self.state.node, data, at=self.env.now())
        self.events.append(event)
        for listener in self._listeners:
            listener(event)
