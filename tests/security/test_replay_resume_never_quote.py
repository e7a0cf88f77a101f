"""Replay and resume never quote the content of a file: the one they load, or one it names.

A transcript or session file may name any local path as a check's input (a `.env`, a
private key, a JSON of credentials). Even agreed to (`--yes`), the check that reads it says
what is wrong by file, line and key path, never by value; a file that is no transcript at
all is refused without a word of it.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.security.conftest import assert_clean_exit, wizard_cli
from tests.security.test_bounded import _transcript_text
from tests.security.test_credential_routing import _hs_token

# name -> (content, the secrets in it)
FILES = {
    "creds.json": (
        '{"client_secret": "cs-SECRET-7d1f0e9a8b7c", "db": {"password": "pw-SECRET-99887766"}}',
        ["cs-SECRET-7d1f0e9a8b7c", "pw-SECRET-99887766"],
    ),
    ".env": (
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n",
        ["wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"],
    ),
    "id_ed25519": (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        "-----END OPENSSH PRIVATE KEY-----\n",
        ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "PRIVATE KEY"],
    ),
    "broken.yml": (
        "admin_password: hunter2-SECRET-VALUE-0123\n  broken: [unclosed\n",
        ["hunter2-SECRET-VALUE-0123"],
    ),
    "shapes.yml": (
        "admins:\n  users: [ada]\n  hosts: 482913\nmy-SECRET-rolename-777: pw-SECRET-str-44\n",
        ["482913", "my-SECRET-rolename-777", "pw-SECRET-str-44"],
    ),
}


def transcript_naming(path: str) -> dict:
    """A real transcript, edited so its recorded checks read `path`."""
    document = json.loads(_transcript_text())
    record = document["checks"][0]
    document["checks"] = [
        {
            **record,
            "key": "opensearch.role_mapping",
            "id": "opensearch.role_mapping",
            "inputs": {"roles_mapping": path, "opensearch_user": "ada"},
            "withheld": {},
        },
        {
            **record,
            "key": "opensearch.roles",
            "id": "opensearch.roles",
            "inputs": {"opensearch_config": path},
            "withheld": {},
        },
    ]
    return document


@pytest.mark.parametrize("name", sorted(FILES))
def test_replay_agreed_to_reads_the_file_and_quotes_none_of_it(tmp_path, name):
    content, secrets = FILES[name]
    secret_file = tmp_path / name
    secret_file.write_text(content)
    saved = tmp_path / "transcript.json"
    saved.write_text(json.dumps(transcript_naming(str(secret_file))))
    process = wizard_cli("replay", "--yes", str(saved))
    assert_clean_exit(process)
    out = process.stdout + process.stderr
    assert f"read    {secret_file}" in out  # listed before it was read
    assert "Cannot read roles_mapping" in out and "Cannot read opensearch_config" in out
    for secret in secrets:
        assert secret not in out


@pytest.mark.parametrize("name", ["creds.json", "id_ed25519", "shapes.yml"])
def test_resume_agreed_to_reads_the_file_and_quotes_none_of_it(tmp_path, name):
    content, secrets = FILES[name]
    secret_file = tmp_path / name
    secret_file.write_text(content)
    token = _hs_token({"iss": "https://idp.example.com", "sub": "ada", "aud": "dashboards"})
    facts = {"token": token, "opensearch_config": str(secret_file)}
    first = tmp_path / "first.yaml"
    first.write_text(yaml.safe_dump({"facts": facts}))
    saved = tmp_path / "session.json"
    wizard_cli("run", "opensearch-oidc-401", "--answers", str(first), "--transcript", str(saved))
    assert saved.exists()
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"answers": {"start": "forbidden-403"}}))
    process = wizard_cli(
        "resume",
        str(saved),
        "--yes",
        "--answers",
        str(answers),
        "--fact",
        f"token={token}",
        "--fact",
        f"id_token={token}",
    )
    assert_clean_exit(process)
    out = process.stdout + process.stderr
    assert f"read    {secret_file}" in out
    assert "Cannot read opensearch_config" in out  # the check did read it
    for secret in secrets:
        assert secret not in out


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("command", ["replay", "resume"])
def test_a_file_that_is_no_transcript_is_refused_without_a_word_of_it(tmp_path, name, command):
    content, secrets = FILES[name]
    path = tmp_path / name
    path.write_text(content)
    process = wizard_cli(command, str(path))
    assert_clean_exit(process)
    assert process.returncode != 0
    out = process.stdout + process.stderr
    assert name in out
    for secret in secrets:
        assert secret not in out


def test_a_transcript_with_a_secret_in_a_mistyped_field_is_refused_without_it(tmp_path):
    document = json.loads(_transcript_text())
    document["session"]["flow"] = {"oops": "SECRET-in-a-wrong-field-5678"}
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    for command in ("replay", "resume"):
        process = wizard_cli(command, str(path))
        assert_clean_exit(process)
        assert process.returncode != 0
        assert "session.flow" in process.stderr
        assert "SECRET-in-a-wrong-field" not in process.stdout + process.stderr
