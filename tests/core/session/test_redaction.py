"""No secret, raw token or signature in any byte written: autosave files, Markdown, JSON."""

from __future__ import annotations

import json
import string
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.session.conftest import (
    CLIENT_SECRET,
    EMAIL,
    SSWS_TOKEN,
    new_session,
    walk,
)
from wizard.core.session.export import write_transcript
from wizard.core.session.store import SessionStore
from wizard.core.session.tokenview import token_view
from wizard.core.vocab.redaction import fingerprint


def every_file(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in folders for p in folder.rglob("*") if p.is_file()}


def forbidden(token: str) -> dict[str, str]:
    header, payload, signature = token.split(".")
    return {
        "raw token": token,
        "signature": signature,
        "signed part": f"{header}.{payload}.",
        "client secret": CLIENT_SECRET,
        "SSWS API token": SSWS_TOKEN,
    }


@pytest.mark.parametrize("pasted_as", ["plain", "bearer-wrapped"])
async def test_real_secrets_never_reach_a_file(
    tmp_path: Path, data_folder: Path, store: SessionStore, token: str, pasted_as: str
):
    pasted = token if pasted_as == "plain" else f'  "Bearer {token[:60]}\n{token[60:]}"\n'
    log = new_session("secrets", store=store)
    engine = log.engine
    finished = await walk(engine, [EMAIL, pasted, CLIENT_SECRET, SSWS_TOKEN])
    # The careless check quoted everything; the flow's text even names {token} and the secret.
    # The runner masks what a check quotes, so the result already holds masks, not secrets.
    echoed = engine.results["leak.echo"].detail
    assert "[secret" in echoed and token[-20:] not in echoed.replace("\n", "")
    assert finished.node == "bad"
    exports = tmp_path / "exports"
    exports.mkdir()
    for name, redact in (("t.md", False), ("t.json", False), ("p.md", True), ("p.json", True)):
        write_transcript(log, exports / name, redact_pii=redact)

    files = every_file(data_folder, exports)
    assert len(files) == 5  # one autosave, four exports
    for path, data in files.items():
        text = data.decode("utf-8")
        for what, secret in forbidden(token).items():
            assert secret.encode() not in data, f"{what} found in {path.name}"
        assert fingerprint(token) in text, path.name  # named by the bare token, not shown
    saved = json.loads((exports / "t.json").read_text())
    claims = saved["facts"]["token"]["token"]["claims"]
    assert claims["email"] == EMAIL and claims["iss"].startswith("https://idp.example.test")
    assert saved["facts"]["token"]["token"]["header"] == {
        "alg": "RS256",
        "kid": "key-1",
        "typ": "JWT",
    }
    assert "value" not in saved["facts"]["client_secret"]
    assert saved["state"]["withheld"] == ["client_secret", "okta_api_token", "token"]


async def test_pii_is_masked_everywhere_on_request(tmp_path: Path, store: SessionStore, token: str):
    log = new_session("secrets", store=store)
    engine = log.engine
    await walk(engine, [EMAIL, token, CLIENT_SECRET, SSWS_TOKEN])
    for name in ("p.md", "p.json"):
        text = write_transcript(log, tmp_path / name, redact_pii=True).read_text()
        assert EMAIL not in text and "alice.liddell" not in text, name
        assert "[email 1]" in text and "***" not in text  # whole values, labelled
    plain = write_transcript(log, tmp_path / "plain.json").read_text()
    assert EMAIL in plain  # masking is asked for, not the default
    masked = json.loads((tmp_path / "p.json").read_text())
    assert masked["redaction"]["pii_masked"] is True
    # Claim names stay readable; only their values are replaced, each by its own pseudonym.
    claims = masked["facts"]["token"]["token"]["claims"]
    assert claims["preferred_username"] == "[user 1]"
    assert claims["email"] == masked["facts"]["email"]["value"] == "[email 1]"


async def test_an_exported_session_that_was_never_autosaved_is_scrubbed_too(
    tmp_path: Path, token: str
):
    session = new_session("secrets")
    await walk(session.engine, ["", token, CLIENT_SECRET, SSWS_TOKEN])
    data = write_transcript(session, tmp_path / "e.json").read_bytes()
    for what, secret in forbidden(token).items():
        assert secret.encode() not in data, what


def test_a_token_view_has_header_and_claims_but_never_the_signature(token: str):
    view = token_view(f"Bearer {token}")
    assert view["format"] == "jws"
    assert view["claims"]["sub"] == "00u1a2b3c4d5e6f7g8h9"
    assert token.split(".")[2] not in json.dumps(view)
    assert token_view("not-a-jwt-at-all")["format"] == "opaque"
    assert token_view("eyJhbGciOi.xx.yy")["format"] == "unreadable"


async def test_a_jwt_in_a_fact_not_declared_as_a_token_is_still_never_written(
    tmp_path: Path, store: SessionStore, token: str
):
    log = new_session(
        "demo-a", {"aud": "api://other", "pasted_header": f"Bearer {token}"}, store=store
    )
    engine = log.engine
    await walk(engine, ["", "org"])
    written = [log.path, write_transcript(log, tmp_path / "t.md")]
    for path in written:
        text = path.read_text()
        assert token.split(".")[2] not in text and token not in text
        # Markdown escapes the brackets of the mask; the JSON autosave holds them plain.
        assert f"Bearer [token {fingerprint(token)}]" in text.replace("\\[", "[").replace(
            "\\]", "]"
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    secret=st.text(alphabet=string.ascii_letters + string.digits + "-_.~+/=!@#$%^&*", min_size=16),
    api_token=st.text(alphabet=string.ascii_letters + string.digits, min_size=20, max_size=60),
)
async def test_no_client_secret_or_api_token_is_ever_written(
    tmp_path: Path, token: str, secret: str, api_token: str
):
    folder = tmp_path / uuid.uuid4().hex  # one per example
    log = new_session("secrets", store=SessionStore(folder))
    engine = log.engine
    await walk(engine, ["", token, secret, api_token])
    write_transcript(log, folder / "t.md")
    write_transcript(log, folder / "t.json", redact_pii=True)
    for data in every_file(folder).values():
        assert secret.encode() not in data and api_token.encode() not in data


def test_a_pseudonym_replaces_a_user_name_only_where_it_stands_whole():
    from wizard.core.session.scrubbing import mask_pii

    # A short subject that also occurs inside a fingerprint and inside a longer word.
    document = {
        "facts": {"token": {"token": {"claims": {"preferred_username": "f699"}}}},
        "notes": ["user f699 asked", "token sha256:3867f6991a2b", "prefix-f699x", "(f699)."],
        "redaction": {},
    }
    masked = mask_pii(document)
    assert masked["facts"]["token"]["token"]["claims"]["preferred_username"] == "[user 1]"
    assert masked["notes"] == [
        "user [user 1] asked",
        "token sha256:3867f6991a2b",
        "prefix-f699x",
        "([user 1]).",
    ]
