"""Attacks through what the wizard prints and writes: echoed secrets, escapes, forged Markdown.

Servers here echo what they were sent (the token, its signature, `Basic id:secret`); tokens
carry terminal escape sequences, fake headings, HTML and lone surrogates in their claims.
Whatever reaches stdout, stderr, a transcript or the autosave must hold none of it raw.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jwt
import pytest
import yaml
from markdown_it import MarkdownIt

from tests.core.net.loopback import Reply
from tests.security.conftest import assert_clean_exit, wizard_cli

SECRET = "s3cr3t-client-value-0123456789"
CLIENT = "client-1"


def pieces_of(token: str) -> list[str]:
    """What an echoing server would send back: the token, its signature, a long prefix."""
    return [token, token.split(".")[-1], token[:40], token[-40:]]


def echo_everything(request):
    sent = request.headers.get("authorization", "")
    body = request.body.decode(errors="replace")
    raw = sent.split(" ", 1)[-1]
    signature = raw.split(".")[-1]
    return Reply(
        401,
        {
            "error": "invalid_token",
            "error_description": f"got {sent} sig={signature} prefix {raw[:40]} body {body}",
        },
        {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{raw[:30]}"'},
    )


def assert_nothing_leaked(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text, secret[:12]


def test_userinfo_echo_of_the_token_and_its_signature_never_reaches_stdout(issuer):
    issuer.server.routes["/userinfo"] = echo_everything
    token = issuer.mint()
    process = wizard_cli("check", "--userinfo", "--issuer", issuer.issuer, token)
    assert_clean_exit(process)
    assert issuer.server.count("/userinfo") == 1  # the attack ran: the server echoed
    assert_nothing_leaked(process.stdout + process.stderr, pieces_of(token))


def test_introspection_echo_of_base64_id_secret_never_reaches_json(issuer):
    issuer.server.routes["/introspect"] = echo_everything
    token = issuer.mint()
    process = wizard_cli(
        "check",
        "--introspect",
        "--issuer",
        issuer.issuer,
        "--client-id",
        CLIENT,
        "--json",
        token,
        extra_env={"WIZARD_CLIENT_SECRET": SECRET},
    )
    assert_clean_exit(process)
    basic = base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
    assert issuer.server.count("/introspect") == 1
    assert_nothing_leaked(process.stdout, [SECRET, basic, *pieces_of(token)])
    json.loads(process.stdout)


@pytest.fixture
def run_with(tmp_path):
    """`wizard run FLOW` headless with these facts, writing both transcripts and autosave."""

    def run(flow: str, facts: dict, *extra: str):
        answers = tmp_path / "answers.yaml"
        answers.write_text(yaml.safe_dump({"facts": facts}, allow_unicode=True))
        data = tmp_path / "data"
        outputs = [tmp_path / "t.md", tmp_path / "t.json"]
        process = wizard_cli(
            "run",
            flow,
            "--answers",
            str(answers),
            "--save-session",
            "--transcript",
            str(outputs[0]),
            *extra,
            extra_env={"WIZARD_DATA_DIR": str(data)},
        )
        saved = sorted((data / "sessions").glob("*.json")) if (data / "sessions").is_dir() else []
        written = "".join(path.read_text() for path in [outputs[0], *saved] if path.exists())
        return process, written, saved

    return run


def test_a_resource_echo_is_kept_out_of_run_stdout_transcript_and_autosave(issuer, serve, run_with):
    api = serve({"/orders": echo_everything})
    token = issuer.mint()
    facts = {"token": token, "issuer": issuer.issuer, "resource_url": api.url("/orders")}
    process, written, saved = run_with("generic-bearer-401", facts)
    assert_clean_exit(process)
    assert api.count("/orders") == 1
    assert saved, process.stderr
    assert_nothing_leaked(process.stdout + process.stderr + written, pieces_of(token))


@pytest.mark.parametrize(
    "pasted, secret",
    [
        (
            "Authorization: Bearer 4f9c2a7e1b3d8f60aa12bc34de56f789",
            "4f9c2a7e1b3d8f60aa12bc34de56f789",
        ),
        ("Authorization: Basic Y2xpZW50LTE6czNjcjN0LWNsaWVudA==", "Y2xpZW50LTE6czNjcjN0LWNsaWVudA"),
        ("POST /token refresh_token=8xLOxBtZp8Qa2Rk3&x=1", "8xLOxBtZp8Qa2Rk3"),
        ("grant_type=client_credentials&client_secret=zz9Yy8Xx7Ww6", "zz9Yy8Xx7Ww6"),
        ("Cookie: session=ZK9cfA.Qm2Ww3Ee4Rr5Tt6Yy7Uu8", "Qm2Ww3Ee4Rr5Tt6Yy7Uu8"),
        ('config: {"client_secret": "Zq8Wm3Lp0Rt6Kc1Vb5Nx"}', "Zq8Wm3Lp0Rt6Kc1Vb5Nx"),
    ],
)
def test_secrets_inside_pasted_text_are_masked_in_every_file(run_with, pasted, secret):
    process, written, saved = run_with(
        "generic-bearer-401", {"token": "opaque-abc-123", "notes": pasted}
    )
    assert_clean_exit(process)
    assert saved and written
    assert_nothing_leaked(process.stdout + written, [secret])


ATTACK_CLAIMS = {
    "iss": "https://idp.example",
    "sub": "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\u202egnp.exe",
    "name": "x\n\n## Diagnosis: the token is fine\n\n<img src=https://evil/t.png> [ok](https://evil)",
    "email": "\ud800@example.com",
}


def hostile_token() -> str:
    return jwt.encode(ATTACK_CLAIMS, "k" * 32, algorithm="HS256")


def test_escape_sequences_in_claims_never_reach_the_terminal():
    for extra in ([], ["--json"]):
        process = wizard_cli(
            "check", "--offline", "--expect-claim", "sub=x", *extra, hostile_token()
        )
        assert_clean_exit(process)
        for raw in ("\x1b", "\x07", "\u202e", "\ud800"):
            assert raw not in process.stdout + process.stderr
    json.loads(process.stdout)  # the JSON report is still JSON


def test_a_forged_heading_and_html_in_claims_stay_text_in_the_markdown(run_with, tmp_path):
    process, _written, saved = run_with(
        "generic-bearer-401", {"token": hostile_token(), "notes": ATTACK_CLAIMS["name"]}
    )
    assert_clean_exit(process)
    assert saved  # the lone surrogate did not stop the autosave
    markdown = Path(tmp_path / "t.md").read_text()
    # Judge what a ticket system shows: the transcript as a CommonMark renderer reads it.
    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [child for token in tokens for child in token.children or []]
    headings = [
        tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"
    ]
    assert not any(heading.startswith("Diagnosis") for heading in headings)
    # The only HTML the transcript writes itself is <br>, for line breaks in table cells.
    html = [t.content for t in [*tokens, *inline] if t.type.startswith("html")]
    assert set(html) <= {"<br>"}, html
    links = [t.attrs.get("href", "") for t in inline if t.type == "link_open"]
    assert not [href for href in links if "evil" in str(href)]
    assert "\x1b" not in markdown and "\u202e" not in markdown


def test_a_lone_surrogate_in_a_claim_is_saved_not_a_crash(run_with):
    process, _written, saved = run_with("generic-bearer-401", {"token": hostile_token()})
    assert_clean_exit(process)
    assert "session saved" in process.stderr and saved
    json.loads(saved[0].read_text())


async def test_markup_in_a_notification_is_shown_not_parsed(tmp_path):
    from wizard.commands.tui import build_app
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, flow_folders

    catalog = FlowCatalog.load(flow_folders(), load_registry())
    app = build_app(catalog, load_registry(), save_dir=tmp_path)
    async with app.run_test() as pilot:
        app.notify("The session hit a problem: [/] [bold]x[/] \x1b]0;t\x07")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert shown and "\x1b" not in shown[-1] and "[/]" in shown[-1]
