"""Opening the Textual app: from the CLI (`wizard`, `wizard run FLOW`, `wizard resume SESSION`,
`wizard demo [SCENARIO]`) and tests.

Textual is imported inside the functions, so the headless commands never load it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    import argparse

    from wizard.core.checks.registry import CheckSpec
    from wizard.core.flow.catalog import FlowCatalog
    from wizard.core.session.store import SessionStore
    from wizard.core.session.transcript import Transcript
    from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
    from wizard.demo.scenarios import Scenario
    from wizard.ui.app import CatalogLoader, WizardApp
    from wizard.ui.demo import DemoWorlds


def build_app(
    catalog: FlowCatalog | None,
    registry: Mapping[str, CheckSpec],
    *,
    flow_id: str | None = None,
    facts: Mapping[str, str] | None = None,
    options: CheckOptions | None = None,
    clock: Callable[[], float] | None = None,
    save_dir: Path | None = None,
    blink: bool = True,
    store: SessionStore | None = None,
    resume: Transcript | None = None,
    demo: DemoWorlds | None = None,
    loader: CatalogLoader | None = None,
    confirmed_urls: Sequence[str] = (),
) -> WizardApp:
    """The app the CLI runs and the tests drive: flows, checks, a fresh environment per session.

    Every session the app starts or resumes is autosaved to `store`; without one (tests)
    nothing is written but the transcripts the user saves. `resume` opens the app on that
    saved session (`facts` are then given to it again, such as its tokens). `demo` makes it
    the demo's app: home lists its scenarios, and the app stops its world when it ends.
    With `loader` (and no catalog) the app loads the flows and checks itself once home shows.
    """
    from wizard.ui.app import WizardApp

    def new_environment() -> CheckEnvironment:
        # Imported when a session opens: home's first frame does not wait for them.
        from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
        from wizard.core.vocab.trust import OriginTrust

        # Origins the user agreed to when resuming: the saved session's own URLs are not.
        env = CheckEnvironment(
            options=options or CheckOptions(), trust=OriginTrust.of(confirmed_urls)
        )
        if clock is not None:
            env.clock = clock
        return env

    if flow_id is not None and (catalog is None or flow_id not in catalog):
        from wizard.core.flow.problems import did_you_mean

        raise UserError(
            f"no flow '{flow_id}'{did_you_mean(flow_id, catalog.flows if catalog else {})}; "
            "see 'wizard flows list'"
        )
    flows = {} if catalog is None else {fid: loaded.flow for fid, loaded in catalog.flows.items()}
    app = WizardApp(
        flows,
        registry,
        env_factory=new_environment,
        start_flow=flow_id,
        start_facts=facts,
        # None: the save dialog proposes the transcripts folder of the user data folder.
        save_dir=save_dir,
        problems=0 if catalog is None else len(catalog.problems),
        blink=blink,
        store=store,
        start_transcript=resume,
        demo=demo,
        loader=loader,
    )
    return app


def _run(app: WizardApp) -> int:
    result = app.run()
    # A demo session is not resumed ('wizard resume' says its world stopped): no hint to.
    if app.demo is None:
        print_kept_sessions(app.kept_sessions)
    return int(result or 0)


def print_kept_sessions(kept: list[str], out: TextIO | None = None) -> None:
    """Say, once the app is gone, how to take up again the sessions it autosaved."""
    if not kept:
        return
    out = out or sys.stdout
    print(f"Session {kept[-1]} is saved; go on with: wizard resume {kept[-1]}", file=out)
    if len(kept) > 1:
        print(f"({len(kept)} sessions this time; 'wizard resume' lists them)", file=out)


def _catalog(args: argparse.Namespace) -> tuple[FlowCatalog, Mapping[str, CheckSpec]]:
    from wizard.commands.flowsource import load_catalog
    from wizard.core.checks.catalog import load_registry

    return load_catalog(args), load_registry()


def _store() -> SessionStore:
    from wizard.core.session.store import SessionStore

    return SessionStore()


def build_home_app(args: argparse.Namespace, **kwargs: Any) -> WizardApp:
    """The app of `wizard` with no command: home shows first, the flows load behind it.

    Loading and validating the flows and the check catalog (pydantic, yaml, every check
    module) runs in a thread once home is drawn; `kwargs` go to `build_app`.
    """

    def load() -> tuple[dict[str, Any], Mapping[str, CheckSpec], int]:
        catalog, registry = _catalog(args)
        flows = {fid: loaded.flow for fid, loaded in catalog.flows.items()}
        return flows, registry, len(catalog.problems)

    return build_app(None, {}, loader=load, **kwargs)


def open_home(args: argparse.Namespace) -> int:
    """`wizard` with no command: the home screen."""
    return _run(build_home_app(args, store=_store()))


def open_flow(args: argparse.Namespace, flow_id: str, facts: Mapping[str, str]) -> int:
    """`wizard run FLOW` in a terminal: a session on FLOW, home underneath."""
    catalog, registry = _catalog(args)
    app = build_app(
        catalog,
        registry,
        flow_id=flow_id,
        facts=facts,
        store=_store(),
    )
    return _run(app)


def build_demo_app(
    scenario: Scenario | str | None = None,
    *,
    scenarios: Sequence[Scenario] | None = None,
    **kwargs: Any,
) -> WizardApp:
    """The app of `wizard demo`: the shipped flows and checks, home listing the scenarios.

    With `scenario`, its world is started at once (a failure to start is an error before the
    TUI opens) and the app opens on a session over it. The app stops the world when it ends;
    `kwargs` go to `build_app` (a store, a clock, ...).
    """
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, flow_folders
    from wizard.demo.scenarios import SCENARIOS
    from wizard.ui.demo import DemoWorlds

    registry = load_registry()
    catalog = FlowCatalog.load(flow_folders(), registry)
    demo = DemoWorlds(SCENARIOS if scenarios is None else scenarios)
    if scenario is not None:
        demo.play(scenario)
    try:
        return build_app(catalog, registry, demo=demo, **kwargs)
    except BaseException:
        demo.stop()
        raise


def open_demo(scenario: Scenario | str | None = None) -> int:
    """`wizard demo [SCENARIO]`: the scenario's session, or the list of scenarios to pick from."""
    from wizard.core.session.store import SessionStore, demo_store_root

    # Demo sessions are kept apart: their worlds stop with the demo, so resuming one later
    # would ask for credentials nothing can check any more.
    app = build_demo_app(scenario, store=SessionStore(demo_store_root()))
    try:
        return _run(app)
    finally:
        # The app stops its world as it ends; this covers an app that failed to start.
        if app.demo is not None:
            app.demo.stop()


def open_session(args: argparse.Namespace, transcript: Transcript) -> int:
    """`wizard resume SESSION` in a terminal: the saved session, taken up where it stopped.

    Its conversation is shown above; tokens and secrets were never saved, so the engine asks
    for them again (unless given with --fact NAME=VALUE). It goes on being autosaved.
    """
    from wizard.commands.checkflags import parse_fact_args

    catalog, registry = _catalog(args)
    app = build_app(
        catalog,
        registry,
        facts=parse_fact_args(getattr(args, "fact", None) or []),
        store=_store(),
        resume=transcript,
        confirmed_urls=getattr(args, "confirmed_urls", ()),
    )
    return _run(app)
