"""Fixtures for the session tests: flows, a private data folder, minted credentials."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.core.session.checks import QUICK_REGISTRY, SESSION_REGISTRY
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.engine import Engine, Prompt
from wizard.core.flow.model import Flow
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.keys import SigningKey

ROOT = Path(__file__).resolve().parents[3]
SESSION_FLOWS = Path(__file__).parent / "data"
DEMO_FLOWS = ROOT / "tests" / "data" / "flows"
REGISTRY = {**SESSION_REGISTRY, **QUICK_REGISTRY}
# 2026-11-23 18:00:00 UTC: transcripts made in tests have stable times.
FIXED_NOW = 1795456800.0

CLIENT_SECRET = "cs-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SSWS_TOKEN = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789AbCd"
EMAIL = "alice.liddell@example.com"


def load_flows() -> dict[str, Flow]:
    catalog = FlowCatalog.load([SESSION_FLOWS, DEMO_FLOWS], REGISTRY)
    assert not catalog.problems, catalog.problems
    return {fid: loaded.flow for fid, loaded in catalog.flows.items()}


def fixed_env(now: float = FIXED_NOW) -> CheckEnvironment:
    return CheckEnvironment(clock=lambda: now)


def new_engine(flow_id: str, facts: dict[str, str] | None = None, **kwargs) -> Engine:
    return Engine(
        load_flows(),
        kwargs.pop("registry", REGISTRY),
        flow_id,
        facts=facts,
        env=kwargs.pop("env", None) or fixed_env(),
    )


def new_session(
    flow_id: str,
    facts: dict[str, str] | None = None,
    *,
    store: SessionStore | None = None,
    env: CheckEnvironment | None = None,
    registry: dict | None = None,
) -> Session:
    """A session on the test flows at the fixed time, autosaved to `store` when given."""
    return Session.start(
        load_flows(),
        REGISTRY if registry is None else registry,
        flow_id,
        facts=facts,
        env=env or fixed_env(),
        store=store,
    )


async def walk(engine: Engine, answers: Sequence[str]) -> Prompt:
    """Advance, answering each prompt in turn with the next answer; returns the last prompt."""
    prompt = await engine.advance()
    for answer in answers:
        engine.answer(answer)
        prompt = await engine.advance()
    return prompt


def mint_token(claims: dict | None = None) -> str:
    now = int(time.time())
    payload = {
        "iss": "https://idp.example.test/oauth2/default",
        "aud": "api://default",
        "sub": "00u1a2b3c4d5e6f7g8h9",
        "email": EMAIL,
        "preferred_username": "alice.liddell",
        "iat": now,
        "exp": now + 3600,
        **(claims or {}),
    }
    return SigningKey.of("rsa", "key-1").sign(payload)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("WIZARD_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store(data_folder: Path) -> SessionStore:
    return SessionStore()


@pytest.fixture(scope="session")
def token() -> str:
    return mint_token()
