"""The check registry: a plain dict from stable check id to its declaration.

Checks register themselves with the `check` decorator when their module is imported;
`wizard.core.checks.catalog.load_registry()` imports every module of the catalog.
"""

from __future__ import annotations

from collections.abc import Callable

from wizard.core.checks.context import CheckFunc, CheckSpec

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
    cpu_bound: bool = False,
    on_request: str = "",
    registry: dict[str, CheckSpec] | None = None,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register an async check under `check_id` (into `registry`, the global one by default).

    `network=True` declares a check that talks to the network: `--offline` skips it, a
    NetworkProblem escaping it becomes an `error` result that quotes it, and under --insecure
    every result it gives says that TLS was off. `on_request` names the `wizard check` flag
    without which a check that sends a token or a secret to a server is not run there.
    `cpu_bound=True` declares an offline check whose work is CPU-bound: the runner runs it in
    a worker thread under the session's `cpu_limit` (`offload.py`).
    """
    target = REGISTRY if registry is None else registry
    declared = dict(inputs or {})
    undeclared = [name for name in requires if name not in declared]
    if undeclared:
        raise ValueError(f"{check_id}: required inputs not declared: {undeclared}")
    if cpu_bound and network:
        # Its worker thread has its own event loop: the session's connections are not for it.
        raise ValueError(f"{check_id}: a check is cpu_bound or network, not both")

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
            cpu_bound=cpu_bound,
            on_request=on_request,
        )
        return func

    return decorate
