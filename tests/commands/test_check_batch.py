"""`wizard check --batch`: one token per line in, one JSON object per line out, in order."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import user_environment
from wizard.core.checks import batch
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.demo.keys import SigningKey

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.of("rsa", "k1")


def mint(key: SigningKey, **claims) -> str:
    now = int(time.time())
    body = {
        "iss": "https://idp.example.test/",
        "sub": "alice",
        "aud": "api://default",
        "iat": now - 60,
        "exp": now + 3600,
        **claims,
    }
    return key.sign(body)


def wizard(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = user_environment()
    return subprocess.run(
        [sys.executable, "-m", "wizard", "check", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )


def lines_of(process: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in process.stdout.decode().splitlines()]


@pytest.mark.slow
def test_each_line_gives_one_object_in_order_and_no_token_shows(tmp_path, key):
    tokens = [mint(key, sub=f"user-{n}") for n in range(3)]
    expired = mint(key, exp=int(time.time()) - 7200)
    path = tmp_path / "tokens.txt"
    path.write_text("\n".join([*tokens, "Bearer " + expired]) + "\n")
    process = wizard("--batch", str(path), "--offline", "--json")
    out = lines_of(process)
    assert [line["line"] for line in out] == [1, 2, 3, 4]
    assert {r["id"]: r["status"] for r in out[3]["results"]}["token.lifetime"] == "fail"
    assert {r["id"]: r["status"] for r in out[0]["results"]}["token.lifetime"] == "pass"
    for line in out:
        assert set(line) == {
            "line",
            "provider",
            "notes",
            "results",
            "findings",
            "signature_not_verified",
            "summary",
        }
        assert sum(line["summary"].values()) >= len(line["results"])
    assert process.returncode == 1  # the expired token failed
    for token in [*tokens, expired]:
        assert token.encode() not in process.stdout
        assert token.split(".")[2].encode() not in process.stdout


@pytest.mark.slow
def test_broken_lines_give_error_objects_and_the_batch_goes_on(key):
    good = mint(key)
    stdin = b"\n".join([good.encode(), b"", b"\xff\xfe not text", b"x" * 70_000, good.encode()])
    process = wizard("--batch", "-", "--offline", stdin=stdin + b"\n")
    out = lines_of(process)
    assert [line["line"] for line in out] == [1, 2, 3, 4, 5]
    assert out[1] == {"line": 2, "error": "the line is empty"}
    assert out[2] == {"line": 3, "error": "the line is not UTF-8 text"}
    assert "bytes long" in out[3]["error"]
    assert "results" in out[0] and "results" in out[4]
    assert process.returncode == 1
    assert b"x" * 100 not in process.stdout


@pytest.mark.slow
def test_a_line_that_is_not_a_jwt_is_a_finding_not_an_error():
    process = wizard("--batch", "-", "--offline", stdin=b"not-a-jwt-at-all\n")
    (line,) = lines_of(process)
    statuses = {r["id"]: r["status"] for r in line["results"]}
    assert statuses["token.format"] in ("warn", "fail")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--batch", "-", "some.token.here"], "give no other token"),
        (["--batch", "/nonexistent/tokens.txt"], "--batch /nonexistent/tokens.txt"),
    ],
)
def test_unusable_batch_arguments_exit_2(args, words):
    process = wizard(*args, "--offline")
    assert process.returncode == 2
    assert words in process.stderr.decode()


def test_a_line_whose_checks_break_is_an_error_object(monkeypatch, key):
    real = batch.run_all
    calls = []

    tokens = [mint(key, sub=name) for name in ("alice", "bob", "carol")]

    async def breaks_on_second(facts, env, **kwargs):
        calls.append(facts["token"])
        if facts["token"] == tokens[1]:
            raise ValueError(facts["token"])  # the message quotes the token
        return await real(facts, env, **kwargs)

    monkeypatch.setattr(batch, "run_all", breaks_on_second)
    out: list[str] = []
    env = CheckEnvironment(options=CheckOptions(offline=True))
    lines = [token.encode() for token in tokens]
    code = asyncio.run(batch.check_lines(lines, {}, env, out.append))
    assert code == 1
    assert json.loads(out[1]) == {"line": 2, "error": "the checks stopped on ValueError"}
    assert [json.loads(line)["line"] for line in out] == [1, 2, 3]
    assert all(token not in line for line in out for token in tokens)


def test_batch_reuses_skips_without_changing_them(key):
    """The skips kept across lines are the ones a single run would give."""
    moment = time.time()  # one fixed clock: lifetime wording must not tick between the runs
    env = CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: moment)
    facts = {"token": mint(key)}

    async def both():
        alone = await batch.run_all(facts, env)
        reuse: dict = {}
        await batch.run_all({"token": mint(key, sub="bob")}, env, reuse=reuse)
        again = await batch.run_all(facts, env, reuse=reuse)
        return alone, again, reuse

    alone, again, reuse = asyncio.run(both())
    assert reuse, "nothing was kept for reuse"
    assert [r.to_dict() for r in alone] == [r.to_dict() for r in again]


def test_offline_single_token_runs_without_asyncio(key):
    """The offline path drives its checks with no event loop: asyncio is not even imported."""
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wizard", "check", "--offline", mint(key)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in process.stderr.splitlines()}
    assert "wizard.core.checks.batch" in imported  # the measurement itself worked
    assert "asyncio" not in imported
    assert "✓ token.lifetime" in process.stdout


def test_a_run_that_waits_after_all_falls_back_to_an_event_loop():
    from wizard.commands.check import _without_loop

    attempts = []

    async def waits():
        attempts.append(1)
        await asyncio.sleep(0)  # suspends: no longer runnable without a loop
        return "done"

    assert _without_loop(waits) == "done"
    assert len(attempts) == 2  # the loop-free attempt was dropped, then run on a loop


def test_a_run_that_never_waits_needs_no_loop():
    from wizard.commands.check import _without_loop

    async def immediate():
        return 401

    assert _without_loop(immediate) == 401


def test_no_check_reads_a_credential_another_check_learned():
    """Each result is scrubbed of the credentials among its check's inputs; the batch asks its
    line screen about those among the facts it was given. That covers them all only while no
    check takes a credential as input that another check can learn."""
    from wizard.core.checks.catalog import load_registry
    from wizard.core.vocab.redaction import is_credential_name

    specs = load_registry().values()
    learned = {name for spec in specs for name in spec.learns}
    credential_inputs = {name for spec in specs for name in spec.inputs if is_credential_name(name)}
    assert "token" in credential_inputs and learned
    assert not credential_inputs & learned
