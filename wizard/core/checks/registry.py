"""The check registry: a plain dict from stable check id to its declaration.

Checks register themselves with the `check` decorator when their module is imported;
`wizard.core.checks.catalog.load_registry()` imports every module of the catalog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.core.checks.context import CheckContext
    from wizard.core.checks.result import CheckResult

CheckFunc = Callable[["CheckContext"], Awaitable["CheckResult"]]


@dataclass(frozen=True)
class CheckSpec:
    """What a check needs and promises, so flows can be validated without running it.

    Attributes:
        id: the stable id from CHECKS.md, e.g. ``token.audience``.
        title: a short human title, shown on result cards.
        func: the async function that runs it.
        inputs: every input it accepts, with one line of help; a flow passes them with ``with:``
            and any input not passed is taken from the session fact of the same name.
        requires: the inputs without which it cannot say anything; missing ones give ``skip``.
        learns: the facts its result may set (see ``CheckResult.facts``).
        network: True when it talks to the network, so ``--offline`` skips it.
    """

    id: str
    title: str
    func: CheckFunc
    inputs: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    network: bool = False


REGISTRY: dict[str, CheckSpec] = {}


class DuplicateCheckError(Exception):
    """Two checks were registered under one id: a bug in the catalog."""


def check(
    check_id: str,
    *,
    title: str,
    inputs: dict[str, str] | None = None,
    requires: tuple[str, ...] = (),
    learns: tuple[str, ...] = (),
    network: bool = False,
    registry: dict[str, CheckSpec] | None = None,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register an async check under `check_id` (into `registry`, the global one by default)."""
    target = REGISTRY if registry is None else registry
    declared = dict(inputs or {})
    undeclared = [name for name in requires if name not in declared]
    if undeclared:
        raise ValueError(f"{check_id}: required inputs not declared: {undeclared}")

    def decorate(func: CheckFunc) -> CheckFunc:
        if check_id in target and target[check_id].func is not func:
            raise DuplicateCheckError(check_id)
        target[check_id] = CheckSpec(
            id=check_id,
            title=title,
            func=func,
            inputs=declared,
            requires=tuple(requires),
            learns=tuple(learns),
            network=network,
        )
        return func

    return decorate
