"""Answers the wizard found itself: a question's default, its source, and the fact it makes.

A flow declares under a fact's `default:` which other fact holds a value the wizard can find
(the token's `cid`, the discovery document's userinfo URL, a user name read in
roles_mapping.yml). The question then shows that value with its source, a headless run takes
it, and a question whose default says `use: true` is not asked once the value is found. The
fact set from a default keeps where it came from: a value read from a token stays a token's
unverified claim, never something the user confirmed (docs/SECURITY.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wizard.core.flow.facts import SECRET_TYPES, describe_fact, fact_type_of
from wizard.core.flow.model import FactSpec, Flow
from wizard.core.flow.text import fill
from wizard.core.vocab.provenance import FactStore, Provenance

_PROVENANCE = {
    "token": Provenance.TOKEN,
    "discovery": Provenance.DISCOVERY,
    "file": Provenance.FILE,
    "check": Provenance.CHECK,
}


@dataclass(frozen=True)
class Offered:
    """A default found for a question.

    Attributes:
        value: the value found.
        label: where it came from, in the user's words ("from the token's `cid`").
        provenance: how the fact set from it is recorded (never as typed by the user).
        origin: the fact it was read from.
        use: True when the question is not asked at all.
    """

    value: str
    label: str
    provenance: Provenance
    origin: str
    use: bool = False


def offered_default(name: str, spec: FactSpec, facts: FactStore) -> Offered | None:
    """The default the session can offer for fact `name`, when its source fact is known."""
    default = spec.default
    if default is None or fact_type_of(name, spec.type) in SECRET_TYPES:
        return None
    value = facts.get(default.fact)
    if value in (None, ""):
        return None
    return Offered(
        value=value,
        label=fill(default.label, facts, describe_fact_plain),
        provenance=_PROVENANCE[default.source],
        origin=default.fact,
        use=default.use,
    )


def describe_fact_plain(name: str, value: str) -> str:
    """A fact's value as a label shows it: a credential never appears in a default's label."""
    return describe_fact(fact_type_of(name), value)


def take_default(name: str, offered: Offered, facts: FactStore) -> None:
    """Set fact `name` from a default, recorded with the default's provenance and origin."""
    facts.set(name, offered.value, offered.provenance, offered.origin)


def default_problems(flow: Flow, known_facts: set[str]) -> list[tuple[tuple[str, ...], str]]:
    """(path, message) for each default that names an unknown fact or fills a credential."""
    problems: list[tuple[tuple[str, ...], str]] = []
    for name, spec in flow.facts.items():
        default = spec.default
        if default is None:
            continue
        path = ("facts", name, "default")
        if fact_type_of(name, spec.type) in SECRET_TYPES:
            problems.append(
                (path, f"'{name}' holds a credential: a credential is never filled in for the user")
            )
        if default.fact == name:
            problems.append((path + ("fact",), f"'{name}' cannot be its own default"))
        elif default.fact not in known_facts:
            problems.append((path + ("fact",), f"unknown fact '{default.fact}'"))
    return problems


def describe_offer(offered: Offered) -> Mapping[str, str]:
    """How an event records a default: its value and its source, never as the user's answer."""
    return {"default": offered.value, "source": offered.label}
