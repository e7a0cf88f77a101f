"""The evidence ledger and the sweep before a diagnosis: every token checked, every other cause
listed after the primary one, ranked, in the run's output and in the transcript."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.flows.cases import API, IDP, Case, mint, okta_id, times
from tests.flows.walking import Walk, walk
from wizard.core.checks.rejecting import REJECTED_WARNS, acted_on
from wizard.core.flow.engine import Finished
from wizard.core.flow.facts import token_fingerprint
from wizard.core.flow.ledger import FROM_FLOW, FROM_SWEEP
from wizard.core.session.document import transcript_schema
from wizard.core.session.markdown import render_markdown
from wizard.core.session.reading import transcript_from_dict
from wizard.core.vocab.result import CheckResult, Status

GENERIC = "generic-bearer-401"
# An ID token sent to the API (the primary cause), long expired, with an expired ID token of
# another client kept beside it.
SENT = mint({"iss": IDP, "aud": "client-1", "sub": "u", "nonce": "n", **times(issued=1000)})
KEPT = okta_id(exp=5)


def two_token_case() -> Case:
    return Case(
        "id token sent, both expired",
        GENERIC,
        f"{GENERIC}:token-id-token-sent",
        lambda w: {"token": SENT, "audience": API, "id_token": KEPT},
    )


def finished(result: Walk) -> Finished:
    pending = result.outcome.engine.pending
    assert isinstance(pending, Finished), result.transcript()
    return pending


def test_the_ledger_holds_the_flows_checks_and_the_sweep_on_every_token(tmp_path: Path):
    result = walk(two_token_case(), tmp_path)
    ledger = list(result.outcome.session.ledger)
    origins = {entry.origin for entry in ledger}
    assert origins == {FROM_FLOW, FROM_SWEEP}
    on_kept = {e.check_id for e in ledger if e.fingerprint == token_fingerprint(KEPT)}
    # The ID token no node looked at was checked too, by every offline token check.
    assert {"token.format", "token.kind", "token.lifetime", "token.alg"} <= on_kept
    assert all(
        e.token_fact == "id_token" for e in ledger if e.fingerprint == token_fingerprint(KEPT)
    )
    # A check the flow ran on a token is not run again on it.
    flow_runs = [(e.check_id, e.fingerprint) for e in ledger if e.origin == FROM_FLOW]
    swept = [(e.check_id, e.fingerprint) for e in ledger if e.origin == FROM_SWEEP]
    assert set(flow_runs).isdisjoint(swept)
    # The ledger names tokens by fingerprint only.
    shown = json.dumps([entry.to_dict() for entry in ledger])
    assert SENT not in shown and KEPT not in shown


def test_also_found_lists_every_other_cause_fails_first(tmp_path: Path):
    result = walk(two_token_case(), tmp_path)
    done = finished(result)
    assert done.node == "token-id-token-sent"
    also = [(item.id, item.token, item.status) for item in done.also_found]
    assert also[:2] == [("token.lifetime", "token", "fail"), ("token.lifetime", "id_token", "fail")]
    # The primary cause's own check is not repeated as "also found".
    assert ("token.kind", "token", "warn") not in also
    statuses = [item.status for item in done.also_found]
    assert statuses == sorted(statuses, key=lambda s: s != "fail")


def test_no_keycloak_finding_on_tokens_of_other_providers(tmp_path: Path):
    result = walk(two_token_case(), tmp_path)
    ids = {entry.check_id for entry in result.outcome.session.ledger}
    assert not {i for i in ids if i.startswith(("keycloak.", "entra.", "auth0."))}


def test_the_run_output_ends_with_also_found(tmp_path: Path):
    text = walk(two_token_case(), tmp_path).transcript()
    tail = text[text.index("== Diagnosis:") :]
    assert "Also found" in tail
    assert "token.lifetime (id_token)" in tail
    assert SENT not in text and KEPT not in text


def test_the_transcript_keeps_also_found_and_stays_valid(tmp_path: Path):
    session = walk(two_token_case(), tmp_path).outcome.session
    document = session.document()
    jsonschema.validate(document, transcript_schema())
    kept = document["resolution"]["also_found"]
    assert [item["id"] for item in kept][:2] == ["token.lifetime", "token.lifetime"]
    assert transcript_from_dict(document).resolution is not None
    markdown = render_markdown(document)
    assert "Also found" in markdown and "`token.lifetime`" in markdown
    for token in (SENT, KEPT):
        assert token not in json.dumps(document) and token not in markdown
        assert token.split(".")[2] not in json.dumps(document)


def test_a_transcript_without_also_found_still_reads(tmp_path: Path):
    document = walk(two_token_case(), tmp_path).outcome.session.document()
    del document["resolution"]["also_found"]
    for event in document["events"]:
        event["data"].pop("also_found", None)
    jsonschema.validate(document, transcript_schema())
    assert "Also found" not in render_markdown(document)


def test_going_back_keeps_the_undone_results_in_the_ledger(tmp_path: Path):
    case = Case(
        "back after the diagnosis",
        GENERIC,
        f"{GENERIC}:sp-side-problem",
        lambda w: {"token": mint({"iss": IDP, "aud": API, "sub": "u", **times()})},
    )
    result = walk(case, tmp_path)
    engine = result.outcome.engine
    before = len(engine.ledger)
    assert engine.back()
    assert len(engine.ledger) == before  # nothing undone is forgotten


def test_rejected_warns_and_fails_are_acted_on_notes_are_not():
    assert acted_on(CheckResult("token.format", Status.FAIL, "t", "broken"))
    id_at_api = CheckResult("token.kind", Status.WARN, "t", "ID token", facts={"token_kind": "id"})
    assert acted_on(id_at_api)
    # Only the ID-token warn of token.kind is rejected; "cannot tell which kind" is a note.
    unknown = CheckResult(
        "token.kind", Status.WARN, "t", "no marks", facts={"token_kind": "unknown"}
    )
    assert not acted_on(unknown)
    assert not acted_on(CheckResult("token.format", Status.WARN, "t", "opaque"))
    assert not acted_on(CheckResult("token.kind", Status.PASS, "t", "access token"))
    assert "introspection.request" not in REJECTED_WARNS  # its warn says nothing against a JWT


def test_the_generic_playbook_promises_every_broken_rule_not_only_the_first():
    from tests.flows.walking import shipped_catalog

    start = shipped_catalog().flows[GENERIC].flow.nodes["start"].say
    assert "also found" in start
