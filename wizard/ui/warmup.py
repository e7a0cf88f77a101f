"""What the app prepares in a thread while the user reads a screen, so the next step is quick.

Home and the demo's list are drawn before any of this is imported (docs/BENCHMARKS.md, "TUI
start"); a session's first step should then wait for its checks alone.
"""

from __future__ import annotations


def prepare_sessions() -> None:
    """Import what a session needs first (the session screen, the engine, the client) and
    build the default trust store."""
    # The first network check would import them: httpx's transport imports httpcore only
    # when the first client is made, and httpcore imports every async library installed.
    import httpcore  # noqa: F401
    import httpx  # noqa: F401

    from wizard.core.net.fetch import load_default_trust

    # The first session's client needs it: about 100 ms of a slow machine otherwise.
    load_default_trust()

    import wizard.ui.screens.session  # noqa: F401
