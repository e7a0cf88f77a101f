"""The flow model: what a YAML playbook may say, as strict pydantic models.

Unknown keys are errors (a misspelt key must not be silently ignored), and
`flows/schema.json` is generated from these models so editors can complete flow files.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from wizard.core.flow.conditions import Condition

FactType = Literal["token", "url", "text", "secret", "file", "choice"]

# Node and flow ids: lower-case words joined by '-' or '_' (they appear in gotos and transcripts).
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
# A goto names a node of this flow, or `flow-id:node-id` for a node of another flow.
GOTO_PATTERN = r"^([a-z0-9][a-z0-9_-]*:)?[a-z0-9][a-z0-9_-]*$"
FACT_REFERENCE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class FactDefault(_Strict):
    """Where the wizard can find a fact's value itself: offered (or used) instead of asked."""

    fact: str = Field(
        description="the fact whose value is the default: one a check learns (token_client_id, "
        "token_issuer, userinfo_endpoint, mapped_user_case) or another declared fact"
    )
    label: str = Field(
        description='where the value came from, as the question shows it: "from the token\'s `cid`"'
    )
    source: Literal["token", "discovery", "file", "check"] = Field(
        default="check",
        description="what the value was read from; a token's claims stay unverified, so a "
        "default from one never becomes an origin credentials may go to",
    )
    use: bool = Field(
        default=False,
        description="true: when the value is found the question is not asked at all (only for "
        "what the wizard establishes itself); false: it is offered, and headless runs take it",
    )


class FactSpec(_Strict):
    """A fact the flow may ask the user for."""

    type: FactType = "text"
    prompt: str = Field(description="the question put to the user")
    help: str = Field(default="", description="where to find the value, and why it matters")
    example: str = Field(default="", description="a sample value, shown as a placeholder")
    optional: bool = Field(default=False, description="the user may answer with nothing")
    default: FactDefault | None = Field(
        default=None, description="a value the wizard found itself, offered with its source"
    )


class CheckCall(_Strict):
    """A check a node runs, with its inputs (text, may reference facts as {name})."""

    id: str = Field(description="a check id from the registry, e.g. token.audience")
    as_: str | None = Field(
        default=None,
        alias="as",
        description="the key its result is stored under, when a node runs one check twice",
    )
    with_: dict[str, str] = Field(default_factory=dict, alias="with")

    @property
    def key(self) -> str:
        return self.as_ or self.id

    @field_validator("with_", mode="before")
    @classmethod
    def _scalars_as_text(cls, value: object) -> object:
        # Inputs are text; let authors write numbers and booleans unquoted.
        if isinstance(value, dict):
            return {
                k: (str(v).lower() if isinstance(v, bool) else str(v))
                if isinstance(v, int | float | bool)
                else v
                for k, v in value.items()
            }
        return value


# A check may be written as its bare id, or as a mapping with `with:` / `as:`.
CheckEntry = Annotated[
    Union[Annotated[str, Tag("id")], Annotated[CheckCall, Tag("call")]],  # noqa: UP007
    Discriminator(lambda value: "id" if isinstance(value, str) else "call"),
]


class Choice(_Strict):
    """An answer the user can pick."""

    label: str
    value: str | None = Field(default=None, description="the answer's id; defaults to the label")
    set: dict[str, str] = Field(default_factory=dict, description="facts this answer sets")
    goto: str = Field(pattern=GOTO_PATTERN)

    @property
    def answer(self) -> str:
        return self.value if self.value is not None else self.label


class Route(_Strict):
    """One branch of `next`: taken when `when` holds (or always, without `when`)."""

    when: Condition | None = None
    goto: str = Field(pattern=GOTO_PATTERN)


class Resolution(_Strict):
    """The diagnosis a flow ends with."""

    title: str
    explanation: str = Field(description="what is wrong, with the values found")
    steps: list[str] = Field(min_length=1, description="numbered fix steps")
    refs: list[str] = Field(default_factory=list, description="links to specs and docs")
    asserts: list[str] = Field(
        default_factory=list,
        description="check keys whose pass the text claims; lint proves every route here "
        "passed them, and the engine names any that did not",
    )
    rests_on: list[str] = Field(
        default_factory=list,
        description="check keys whose findings the diagnosis is drawn from; shown with it as "
        "verified, found or not verified (and why)",
    )


class Handoff(_Strict):
    """Open the playbook whose `applies` fits the session's facts best (see docs/FLOWS.md)."""

    symptom: str = Field(
        pattern=ID_PATTERN, description="what fails, as playbooks list it under applies.symptoms"
    )
    otherwise: str = Field(pattern=GOTO_PATTERN, description="where to go when no playbook fits")


class Node(_Strict):
    """One step of a flow. Order of work: say, ask, checks, then choices / next / handoff /
    resolution."""

    say: str = ""
    ask: list[str] = Field(default_factory=list, description="facts to ask for when not known")
    checks: list[CheckEntry] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    next: list[Route] = Field(default_factory=list)
    handoff: Handoff | None = None
    resolution: Resolution | None = None

    @cached_property
    def check_calls(self) -> tuple[CheckCall, ...]:
        # Made once per node: the engine reads them several times at every step, and
        # building (and validating) the calls each time was a tenth of a step. A node is
        # frozen, so they cannot go stale.
        return tuple(CheckCall(id=c) if isinstance(c, str) else c for c in self.checks)


class Applies(_Strict):
    """When a playbook fits: triage, the token suggestion, the log-line router and search read it.

    Every list is optional; an empty one says nothing (it neither qualifies nor excludes).
    """

    start: bool = Field(
        default=False, description="the flow to begin with when unsure (listed first at home)"
    )
    listed: bool = Field(
        default=True,
        description="offered on the home screen's list; false for a flow only pasted "
        "evidence opens (its first step assumes what was pasted)",
    )
    entry: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="the node a handoff opens (default: the flow's start)",
    )
    symptoms: list[str] = Field(
        default_factory=list,
        description="what fails, as a handoff names it: api, userinfo, login, token, log",
    )
    providers: list[str] = Field(
        default_factory=list,
        description="provider ids (the fact 'provider'); when given, other providers' tokens "
        "do not fit",
    )
    token_kinds: list[str] = Field(
        default_factory=list,
        description="token kinds (the fact 'token_kind': access, id, refresh); when given, "
        "other kinds do not fit",
    )
    log_messages: list[str] = Field(
        default_factory=list,
        description="recognised log message ids, or globs such as 'opensearch.*'",
    )
    words: list[str] = Field(
        default_factory=list,
        description="words users type, also looked for in a pasted log line",
    )
    error_codes: list[str] = Field(
        default_factory=list,
        description="error codes and texts only this provider writes (AADSTS, IDX10214): "
        "found in pasted text they outweigh a recognised message",
    )


class Flow(_Strict):
    """A playbook: a decision tree of nodes that ends in resolutions."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    description: str
    start: str
    facts: dict[str, FactSpec] = Field(default_factory=dict)
    applies: Applies = Field(default_factory=Applies)
    nodes: dict[str, Node] = Field(min_length=1)

    def search_text(self) -> str:
        """Everything a search matches: id, title, description, declarations, diagnoses.

        The diagnoses' titles are there because a user searches for what they see ("expired",
        "clock", "roles"), which the playbook names in its resolutions rather than its title.
        """
        declared = self.applies
        diagnoses = [node.resolution.title for node in self.nodes.values() if node.resolution]
        return " ".join(
            [
                self.id,
                self.title,
                self.description,
                *declared.symptoms,
                *declared.providers,
                *declared.token_kinds,
                *declared.words,
                *declared.error_codes,
                *diagnoses,
            ]
        )


NodeRef = tuple[str, str]  # (flow id, node id)


def split_goto(goto: str, current_flow: str) -> NodeRef:
    """`node` or `flow:node` -> (flow id, node id)."""
    flow_id, _, node_id = goto.rpartition(":")
    return (flow_id or current_flow, node_id)
