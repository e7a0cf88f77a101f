"""Hostile networks: each failure mode is a real loopback server, and each gives a clear result.

Every test names the protection it guards (see docs/RELIABILITY.md); removing that
protection makes the test fail, hang past its outer bound, or see bytes it must not see.
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest

from tests.core.net.loopback import Reply, self_signed_tls
from tests.reliability.rawserver import read_request
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.net.fetch import CLIENTS, NetworkProblem, fetch, fetch_json
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

# An outer bound on every await below: a protection that is gone shows up as a failure
# here instead of a suite that never ends. It is a bound, not a measured duration.
HANG_GUARD = 30.0
FIFTY_MB = 50 * 1024 * 1024


def make_env(**options) -> CheckEnvironment:
    return CheckEnvironment(CheckOptions(**{"timeout": 5.0, **options}))


async def run(check_id: str, env: CheckEnvironment, **inputs: str) -> CheckResult:
    spec = load_registry()[check_id]
    try:
        return await asyncio.wait_for(run_one(CheckRun(check_id, spec, inputs), env), HANG_GUARD)
    finally:
        await env.aclose()


def free_port() -> int:
    """A port nothing listens on: bound once, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- connecting -------------------------------------------------------------------------------


async def test_connection_refused_is_an_error_result_naming_the_host():
    issuer = f"http://127.0.0.1:{free_port()}"
    result = await run("discovery.document", make_env(), issuer=issuer)
    assert result.status is Status.ERROR
    assert "refused" in result.detail and "127.0.0.1" in result.detail


async def test_an_unresolvable_host_is_an_error_result_naming_the_host():
    result = await run("discovery.document", make_env(), issuer="https://idp.wizard-test.invalid")
    assert result.status is Status.ERROR
    assert "idp.wizard-test.invalid" in result.detail
    assert "could not be resolved (DNS)" in result.detail


def silent(conn: socket.socket, server) -> None:
    """Accept, read the request, and never answer."""
    read_request(conn)
    server.stopping.wait()


async def test_a_server_that_never_answers_is_bounded_by_the_timeout(raw_server):
    server = raw_server(silent)
    result = await run("discovery.document", make_env(timeout=0.5), issuer=server.base)
    assert result.status is Status.ERROR
    assert result.detail.startswith("Timed out after 0.5 s waiting for 127.0.0.1")


async def test_a_check_waiting_on_a_silent_server_can_be_cancelled(raw_server):
    server = raw_server(silent)
    env = make_env(timeout=600.0)  # only cancellation can end this wait
    spec = load_registry()["discovery.document"]
    task = asyncio.create_task(run_one(CheckRun("d", spec, {"issuer": server.base}), env))
    await asyncio.to_thread(server.connected.wait, HANG_GUARD)
    assert server.connected.is_set()
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=HANG_GUARD)
    assert task in done and task.cancelled()
    await env.aclose()


def drip(conn: socket.socket, server) -> None:
    """Answer 200 with headers, then one body byte every 50 ms, forever."""
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
    while not server.stopping.wait(0.05):
        conn.sendall(b" ")
        server.bytes_sent += 1


async def test_a_slow_drip_is_bounded_by_the_timeout_for_the_whole_request(raw_server):
    # Guards the total deadline in fetch: each byte arrives well within the read timeout,
    # so a per-read timeout alone would wait until the size cap, at 20 bytes a second.
    server = raw_server(drip)
    result = await run("discovery.document", make_env(timeout=1.0), issuer=server.base)
    assert result.status is Status.ERROR
    assert result.detail.startswith("Timed out after 1 s waiting for 127.0.0.1"), result.detail
    assert server.bytes_sent < 2_000


# --- what comes back --------------------------------------------------------------------------


async def test_a_server_error_says_whose_error_it_is(serve):
    server = serve({"/.well-known/openid-configuration": lambda r: Reply(503, "busy")})
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert "answered HTTP 503: a server error on that side" in result.detail


async def test_an_html_error_page_where_json_belongs_is_named_as_html(serve):
    page = "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>"
    server = serve(
        {
            "/.well-known/openid-configuration": lambda r: Reply(
                200, page, {"Content-Type": "text/html"}
            )
        }
    )
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert "answered HTML (status 200), not JSON: probably a login page" in result.detail


async def test_invalid_json_is_named_as_such(serve):
    server = serve(
        {
            "/.well-known/openid-configuration": lambda r: Reply(
                200, '{"issuer": ', {"Content-Type": "application/json"}
            )
        }
    )
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert "answered something that is not valid JSON (JSONDecodeError" in result.detail


async def test_json_of_the_wrong_shape_is_named_as_such(serve):
    server = serve({"/.well-known/openid-configuration": lambda r: Reply(200, ["issuer"])})
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert "is JSON but not an object (found list)" in result.detail


async def test_a_key_set_of_the_wrong_shape_is_named_as_such(issuer):
    issuer.server.routes["/jwks"] = lambda r: Reply(200, {"keys": "rsa-1"})
    result = await run("jwks.keys", make_env(), issuer=issuer.issuer)
    assert result.status is Status.ERROR
    assert "has no `keys` array of objects" in result.detail


def huge_body(declare_length: bool):
    def behaviour(conn: socket.socket, server) -> None:
        read_request(conn)
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {FIFTY_MB}\r\n".encode() if declare_length else b""
        conn.sendall(head + b"Connection: close\r\n\r\n")
        chunk = b"[" + b"0," * 32767
        while server.bytes_sent < FIFTY_MB:
            server.bytes_sent += conn.send(chunk)

    return behaviour


@pytest.mark.parametrize("declare_length", [False, True], ids=["undeclared", "declared"])
async def test_a_50_mb_body_is_not_read_past_the_cap(raw_server, declare_length):
    # Guards the size cap in fetch: without it the client reads all 50 MB. What the server
    # managed to send includes what the two kernels buffered (a few MB), hence half as bound.
    server = raw_server(huge_body(declare_length))
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert "sent more than 2,097,152 bytes; stopped reading" in result.detail
    # The writer stops when the client hangs up; had the client read on, it would send 50 MB.
    assert await asyncio.to_thread(server.finished.wait, HANG_GUARD)
    assert server.bytes_sent < FIFTY_MB // 2, server.bytes_sent


# --- redirects --------------------------------------------------------------------------------


async def test_a_redirect_loop_stops_after_five_hops(serve):
    server = serve({})
    server.routes["/loop"] = lambda r: Reply(302, headers={"Location": "/loop"})
    env = make_env()
    with pytest.raises(NetworkProblem) as caught:
        await fetch(env, server.url("/loop"))
    await env.aclose()
    assert "redirected more than 5 times; stopped following" in caught.value.message
    assert server.count("/loop") == 6


async def test_the_authorization_header_does_not_follow_a_redirect_to_another_origin(serve):
    other = serve({"/landing": lambda r: Reply(200, {"sub": "x"})})
    first = serve({"/userinfo": lambda r: Reply(302, headers={"Location": other.url("/landing")})})
    token_signature = "c2lnbmF0dXJlLW5vdC1mb3ItdGhlLW90aGVyLW9yaWdpbg"
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0." + token_signature
    await run("userinfo.request", make_env(), token=token, userinfo_endpoint=first.url("/userinfo"))
    assert first.requests[0].headers["authorization"] == f"Bearer {token}"
    assert other.count("/landing") == 1
    assert "authorization" not in other.requests[0].headers


async def test_the_authorization_header_follows_a_redirect_within_the_origin(serve):
    # The counterpart of the test above: the header is dropped only when the origin changes.
    server = serve({})
    server.routes["/old"] = lambda r: Reply(302, headers={"Location": "/new"})
    server.routes["/new"] = lambda r: Reply(200, {})
    env = make_env()
    await fetch(env, server.url("/old"), headers={"Authorization": "Bearer abc"})
    await env.aclose()
    assert server.requests[-1].headers["authorization"] == "Bearer abc"


# --- TLS and plain http -----------------------------------------------------------------------


def tls_issuer(serve, tmp_path):
    context, cert_file = self_signed_tls(tmp_path)
    server = serve({}, tls=context)
    server.routes["/.well-known/openid-configuration"] = lambda r: Reply(
        200, {"issuer": server.base, "jwks_uri": server.url("/jwks")}
    )
    return server, cert_file


async def test_a_self_signed_certificate_gets_a_clear_message(serve, tmp_path):
    server, _ = tls_issuer(serve, tmp_path)
    result = await run("discovery.document", make_env(), issuer=server.base)
    assert result.status is Status.ERROR
    assert result.detail.startswith("TLS to 127.0.0.1 failed")
    assert "pass --ca-bundle FILE" in result.detail


async def test_a_self_signed_certificate_works_with_its_ca_bundle(serve, tmp_path):
    server, cert_file = tls_issuer(serve, tmp_path)
    result = await run("discovery.document", make_env(ca_bundle=str(cert_file)), issuer=server.base)
    assert result.status is Status.PASS, result.detail


@pytest.fixture
def no_sockets(monkeypatch):
    """Records, and refuses, every attempt to resolve or connect: nothing may leave."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the test forbids any connection here")

    async def refuse_async(*args, **kwargs):
        refuse(*args)

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", refuse_async)
    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", refuse_async)
    monkeypatch.setattr(asyncio.BaseEventLoop, "sock_connect", refuse_async)
    return attempts


# 10.255.255.1 is only ever a string here: the policy refuses it before any socket exists.
REMOTE_HTTP = "http://10.255.255.1/oauth2/default"


async def test_plain_http_to_a_remote_host_is_refused_before_any_connection(no_sockets):
    env = make_env()
    result = await run("discovery.document", env, issuer=REMOTE_HTTP)
    assert result.status is Status.ERROR
    assert result.detail.startswith("Refusing plain http to 10.255.255.1: a token or secret")
    assert "--allow-http" in result.detail
    assert no_sockets == []
    assert len(env.memo(CLIENTS)) == 0


async def test_plain_http_to_a_remote_host_is_refused_on_every_network_check(no_sockets):
    token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwOi8vMTAuMjU1LjI1NS4xIn0.c2ln"
    for check_id in ("jwks.keys", "clock.skew", "token.signature", "userinfo.request"):
        result = await run(check_id, make_env(), issuer=REMOTE_HTTP, token=token)
        assert "Refusing plain http to 10.255.255.1" in result.detail, (check_id, result.detail)
    result = await run("resource.request", make_env(), resource_url=REMOTE_HTTP, token=token)
    assert "Refusing plain http to 10.255.255.1" in result.detail
    assert no_sockets == []


async def test_a_bundle_that_is_not_a_certificate_is_a_clear_error(tmp_path, serve):
    bogus = tmp_path / "bundle.pem"
    bogus.write_text("not a certificate")
    server = serve({})
    with pytest.raises(NetworkProblem) as caught:
        await fetch_json(make_env(ca_bundle=str(bogus)), server.url("/x"), what="thing")
    assert "could not be loaded" in caught.value.message
    assert json.dumps(caught.value.message)  # one plain sentence, no traceback object
