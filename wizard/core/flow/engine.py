"""The engine: a state machine that walks flows, runs checks and records what happened.

It knows nothing of terminals. A face calls `advance()` to move until the engine needs the
user (a fact, a choice) or reaches a resolution, then `answer()`, `back()` or `restart()`.
Every step is emitted as an `Event` for the session log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.answer_checks import check_answer
from wizard.core.flow.conditions import evaluate
from wizard.core.flow.defaults import Offered, describe_offer, offered_default, take_default
from wizard.core.flow.facts import describe_fact, fact_type_of
from wizard.core.flow.finishing import finish
from wizard.core.flow.fitting import best_playbook
from wizard.core.flow.ledger import Ledger
from wizard.core.flow.model import FactSpec, Flow, split_goto
from wizard.core.flow.node_checks import NodeChecks
from wizard.core.flow.state import (
    AskChoice,
    AskFact,
    EngineState,
    Finished,
    InvalidAnswer,
    Prompt,
    Stage,
    Stuck,
    match_choice,
    reasked_spec,
    restored_state,
    snapshot_state,
)
from wizard.core.flow.sweep import sweep
from wizard.core.flow.text import fill
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.events import Event
from wizard.core.vocab.provenance import FactStore, Provenance
from wizard.core.vocab.trust import OriginTrust, looks_like_url

# Steps taken without asking anything; more means the flow loops on itself.
MAX_AUTOMATIC_STEPS = 500


class Engine(NodeChecks):
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
        if self.env.trust is None:
            # Every session keeps an allow-list of origins credentials may go to: those the
            # user gave (facts at start, typed answers), never those a token, a choice's
            # template, a check or a saved session supplied (docs/SECURITY.md).
            self.env.trust = OriginTrust()
        self.events: list[Event] = []
        # Every check result of the session with what it ran on, even those undone since.
        self.ledger = Ledger()
        self._listeners: list[Callable[[Event], object]] = [on_event] if on_event else []
        self._initial_flow = flow_id
        self._initial_facts = FactStore(facts).given()
        self._confirm_origins(self._initial_facts.values())
        self._history: list[EngineState] = []
        self._before_checks: EngineState | None = None
        self.state = self._fresh_state()
        self._entered_flow = False
        # Credentials a restored session did not save: asked again before it goes on.
        self._withheld: tuple[str, ...] = ()

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
                    offered = offered_default(name, spec, self.facts)
                    if offered is not None and offered.use:
                        self._take_default(name, offered)  # found, so not asked
                        continue
                    asked = {"fact": name, "prompt": fill(spec.prompt, self.facts, self._shown)}
                    if offered is not None:
                        asked.update(describe_offer(offered))
                    self._emit("asked", asked)
                    return self._wait(self._ask(name, spec, offered))
                self.state.stage = Stage.CHECKS
            elif stage is Stage.CHECKS:
                await self._run_node_checks()
                self.state.stage = Stage.DECIDE
            elif stage is Stage.DECIDE:
                if self.node.resolution is not None and self.state.swept is None:
                    # Before the diagnosis: all that needs no credential and no answer.
                    self.state.swept = await sweep(self, self.registry, self.env, self.ledger)
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

    # --- saving and resuming -----------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Where the session stands, as plain data with no credential in it.

        Token and secret facts are left out and named under `withheld`; `restore()` asks
        for them again. The undo history is not kept: a resumed session starts from here.
        """
        state = self.state
        # A credential still owed from an earlier resume stays owed, or it would be forgotten.
        owed = {name for name in self._withheld if state.facts.get(name) in (None, "")}
        withheld = sorted({n for n in state.facts if self.is_credential(n)} | owed)
        return snapshot_state(state, withheld)

    def restore(self, snapshot: Mapping[str, Any], facts: Mapping[str, str] | None = None) -> None:
        """Continue from a `snapshot()`; `facts` (given again, such as tokens) are added.

        The node the session stopped at is taken up again at its stage: a question is asked
        again, checks that were running are run again. Withheld credentials not in `facts`
        are asked first. Raises ValueError when this catalog lacks the saved flow or node.
        """
        given = {k: v for k, v in (facts or {}).items() if v not in (None, "")}
        self._confirm_origins(given.values())  # given again now; the saved facts are not
        self.state = restored_state(snapshot, given, self._knows)
        self._initial_facts = self.state.facts.given()
        self._withheld = tuple(str(name) for name in snapshot.get("withheld") or ())
        self._history.clear()
        self._before_checks = None
        self._entered_flow = True
        self._emit("resumed", {"withheld": [n for n in self._withheld if n not in given]})

    # --- inside ------------------------------------------------------------------------

    def _knows(self, flow_id: str, node_id: str) -> bool:
        flow = self.flows.get(flow_id)
        return flow is not None and (not node_id or node_id in flow.nodes)

    def _ask(self, name: str, spec: FactSpec, offered: Offered | None = None) -> AskFact:
        kind = fact_type_of(name, spec.type)
        if offered is None:
            return AskFact(self.state.flow, self.state.node, name, spec, kind)
        return AskFact(
            self.state.flow, self.state.node, name, spec, kind, offered.value, offered.label
        )

    def _take_default(self, name: str, offered: Offered) -> None:
        # Recorded with where it came from: a token's claim stays unverified, never confirmed.
        take_default(name, offered, self.state.facts)
        self._emit("answered", {"fact": name, "value": offered.value, "source": offered.label})

    def _next_withheld_fact(self) -> AskFact | None:
        for name in self._withheld:
            if self.facts.get(name) in (None, "") and name not in self.state.declined:
                return self._ask(name, reasked_spec(name, self.fact_spec(name)))
        return None

    def _fresh_state(self) -> EngineState:
        flow = self.flows[self._initial_flow]
        return EngineState(
            flow=flow.id,
            node=flow.start,
            facts=self._initial_facts.copy(),
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
        if value:
            check_answer(pending.name, pending.type, value)  # refused before anything is kept
        self._remember()
        offered = offered_default(pending.name, pending.spec, self.facts)
        if value and offered is not None and value == offered.value:
            # The found value accepted as it is: it keeps its source (a default read from a
            # token's iss must not become an origin the user confirmed).
            self._take_default(pending.name, offered)
            self.state.pending = None
            return
        if value:
            self.state.facts.set(pending.name, value, Provenance.USER)
            self._confirm_origins([value])
        else:
            self.state.declined.add(pending.name)
        if value:
            self._emit(
                "answered", {"fact": pending.name, "value": describe_fact(pending.type, value)}
            )
        else:
            # Marked, so a transcript says the question was skipped rather than quote a value.
            self._emit("answered", {"fact": pending.name, "value": "(skipped)", "skipped": True})
        self.state.pending = None

    def _answer_choice(self, pending: AskChoice, value: str) -> None:
        wanted = value.strip()
        choice = match_choice(pending.choices, wanted)
        if choice is None:
            allowed = ", ".join(f"'{c.answer}'" for c in pending.choices)
            raise InvalidAnswer(
                f"'{wanted}' is not an answer at '{pending.node}'; allowed: {allowed}"
            )
        self._remember()
        for name, fact_value in choice.set.items():
            self.state.facts.set(name, fill(fact_value, self.facts), Provenance.CHOICE)
        self._emit("answered", {"choice": choice.answer, "label": choice.label})
        self.state.pending = None
        self._move(choice.goto)

    def _remember(self) -> None:
        self._history.append(self.state.copy())

    def _confirm_origins(self, values: Iterable[str]) -> None:
        """URLs the user gave in this session: their origins may receive credentials."""
        trust = self.env.trust
        if trust is not None:
            for value in values:
                if isinstance(value, str) and looks_like_url(value):
                    trust.confirm(value)

    def _decide(self) -> Prompt | None:
        node = self.node
        if node.resolution is not None:
            order = list(self.registry)
            where = (self.state, self.flows, self.ledger, order, self._shown)
            finished: Finished
            finished, data = finish(node.resolution, *where)
            self._emit("resolved", data)
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
