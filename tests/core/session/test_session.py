"""The Session: facts with their provenance, its credentials, and sessions with no flow."""

from __future__ import annotations

from tests.core.session.conftest import (
    CLIENT_SECRET,
    REGISTRY,
    fixed_env,
    load_flows,
    new_session,
    walk,
)
from wizard.core.session.reading import load_transcript
from wizard.core.session.resume import resume_session
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.vocab.provenance import Provenance


async def test_each_fact_says_where_it_came_from():
    session = new_session("demo-a", {"aud": "api://other"})
    await walk(session.engine, ["opaque-token-value", "custom"])
    facts = session.facts
    assert facts.provenance("aud") is Provenance.GIVEN
    assert facts.provenance("token") is Provenance.USER
    assert facts.provenance("server_type") is Provenance.CHOICE
    learned = facts.fact("aud_seen")
    assert learned is not None and learned.provenance is Provenance.CHECK
    assert learned.origin == "fake.audience"  # the check that learned it
    assert facts.provenance("nothing") is None


async def test_a_resumed_session_marks_every_saved_fact_as_read_from_a_transcript(
    store: SessionStore,
):
    first = new_session("demo-a", {"aud": "api://other"}, store=store)
    await walk(first.engine, ["opaque-token-value"])
    transcript = load_transcript(first.path)
    again = resume_session(
        transcript, load_flows(), REGISTRY, env=fixed_env(), facts={"note": "x"}, store=store
    )
    assert again.id == first.id
    aud = again.facts.fact("aud")
    assert aud is not None and aud.provenance is Provenance.TRANSCRIPT
    assert aud.origin == "given"  # what the saved session had recorded
    assert again.facts.provenance("aud_seen") is Provenance.TRANSCRIPT
    assert again.facts.provenance("note") is Provenance.GIVEN  # given again now
    assert "token" not in again.facts  # never saved
    # A restart keeps what the session began with, still marked as read from a transcript.
    again.engine.restart()
    assert again.facts.provenance("aud") is Provenance.TRANSCRIPT
    assert again.facts.provenance("note") is Provenance.GIVEN
    assert "aud_seen" not in again.facts
    # Written again, each fact keeps the source it first had.
    saved = load_transcript(again.path)
    assert saved.facts["aud"]["source"] == "given"


async def test_credentials_are_every_form_of_every_token_and_secret(token: str):
    session = Session.for_checks(
        {"token": f"Bearer {token}", "client_secret": CLIENT_SECRET, "issuer": "https://x"},
        fixed_env(),
    )
    held = session.credentials()
    assert token in held and token.rsplit(".", 1)[1] in held  # the bare token, its signature
    assert CLIENT_SECRET in held
    assert "https://x" not in held
    said = session.scrub(f"the server said {CLIENT_SECRET} and {token}")
    assert CLIENT_SECRET not in said and token not in said
    assert session.is_credential("token") and not session.is_credential("issuer")


async def test_a_session_remembers_credentials_it_no_longer_holds(tmp_path):
    session = new_session("demo-a", {"aud": "api://other"})
    await walk(session.engine, ["opaque-token-value-1234"])
    session.document()  # while the token is held
    session.engine.back()
    assert "token" not in session.facts
    assert "opaque-token-value-1234" not in session.scrub("got opaque-token-value-1234")


def test_a_session_without_a_flow_keeps_results_by_check_id():
    from wizard.core.vocab.result import CheckResult, Status

    session = Session.for_checks({"issuer": "https://x"}, fixed_env())
    assert session.engine is None and session.facts.provenance("issuer") is Provenance.GIVEN
    for status in (Status.PASS, Status.FAIL):
        session.record(CheckResult("token.claims", status, "claims", "seen"))
    assert {k: r.status for k, r in session.results.items()} == {
        "token.claims": Status.PASS,
        "token.claims#2": Status.FAIL,
    }
