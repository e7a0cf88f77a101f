"""The strict fetch against real loopback servers: redirects, limits, bad answers, TLS."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.net.loopback import Reply, self_signed_tls
from wizard.core.net import NetworkProblem, fetch, fetch_json, get_discovery
from wizard.core.net.fetch import CLIENTS
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions


@pytest.fixture
async def env():
    environment = CheckEnvironment(options=CheckOptions(timeout=2.0, max_response_bytes=64_000))
    yield environment
    await environment.aclose()


async def test_a_json_document_is_read(env, serve):
    server = serve({"/doc": lambda r: Reply(200, {"hello": "world"})})
    response, data = await fetch_json(env, server.url("/doc"), what="document")
    assert data == {"hello": "world"}
    assert response.status == 200


async def test_authorization_is_dropped_on_a_redirect_to_another_origin(env, serve):
    other = serve({"/landing": lambda r: Reply(200, {"ok": True})})
    first = serve({"/start": lambda r: Reply(302, headers={"Location": other.url("/landing")})})
    response = await fetch(env, first.url("/start"), headers={"Authorization": "Bearer secret-1"})
    assert response.status == 200
    assert response.redirects == (first.url("/start"),)
    assert first.requests[0].headers["authorization"] == "Bearer secret-1"
    assert other.count("/landing") == 1
    assert "authorization" not in other.requests[0].headers


async def test_authorization_survives_a_redirect_within_the_origin(env, serve):
    server = serve(
        {
            "/start": lambda r: Reply(302, headers={"Location": "/next"}),
            "/next": lambda r: Reply(200, {"ok": True}),
        }
    )
    await fetch(env, server.url("/start"), headers={"Authorization": "Bearer secret-1"})
    assert server.requests[1].headers["authorization"] == "Bearer secret-1"


async def test_a_redirect_loop_is_bounded(env, serve):
    server = serve({"/loop": lambda r: Reply(302, headers={"Location": "/loop"})})
    with pytest.raises(NetworkProblem, match="redirected more than"):
        await fetch(env, server.url("/loop"))
    assert server.count("/loop") == 6


async def test_a_post_is_not_redirected(env, serve):
    other = serve({"/x": lambda r: Reply(200, {})})
    server = serve({"/p": lambda r: Reply(307, headers={"Location": other.url("/x")})})
    response = await fetch(env, server.url("/p"), method="POST", data={"a": "b"})
    assert response.status == 307
    assert other.requests == []


async def test_a_slow_server_ends_in_a_timeout_problem(serve):
    env = CheckEnvironment(options=CheckOptions(timeout=0.3))
    server = serve({"/slow": lambda r: Reply(200, {}, delay=30)})
    with pytest.raises(NetworkProblem, match="Timed out after 0.3 s"):
        await fetch(env, server.url("/slow"))
    await env.aclose()


async def test_a_huge_body_stops_at_the_cap(env, serve):
    server = serve({"/huge": lambda r: Reply(200, endless=True)})
    with pytest.raises(NetworkProblem, match="more than 64,000 bytes"):
        await fetch(env, server.url("/huge"))


async def test_a_declared_huge_body_is_refused_before_reading(env, serve):
    server = serve({"/big": lambda r: Reply(200, b"x" * 100_000)})
    with pytest.raises(NetworkProblem, match="stopped reading"):
        await fetch(env, server.url("/big"))


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, "<!doctype html><html>login</html>", {"Content-Type": "text/html"}), "HTML"),
        (Reply(200, "{not json", {"Content-Type": "application/json"}), "not valid JSON"),
        (Reply(200, [1, 2]), "not an object"),
        (Reply(503, "down"), "server error"),
        (Reply(404, {"error": "nope"}), "HTTP 404, not 200"),
    ],
)
async def test_bad_answers_become_problems_with_words(env, serve, reply, words):
    server = serve({"/doc": lambda r: reply})
    with pytest.raises(NetworkProblem, match=words):
        await fetch_json(env, server.url("/doc"), what="document")


async def test_connection_refused_is_a_problem(env, serve):
    server = serve()
    url = server.url("/gone")
    server.__exit__(None, None, None)
    with pytest.raises(NetworkProblem, match="refused|Could not connect"):
        await fetch(env, url)


async def test_an_unresolvable_host_is_a_dns_problem(serve):
    env = CheckEnvironment(options=CheckOptions(timeout=5, allow_http=True))
    with pytest.raises(NetworkProblem, match="could not be resolved|Could not connect"):
        await fetch(env, "http://no-such-host.invalid/")
    await env.aclose()


async def test_plain_http_to_a_remote_host_is_refused_without_a_request(env):
    with pytest.raises(NetworkProblem, match="--allow-http"):
        await fetch(env, "http://idp.example.com/.well-known/openid-configuration")
    assert len(env.memo(CLIENTS)) == 0


async def test_discovery_is_fetched_once_for_concurrent_callers(env, issuer):
    results = await asyncio.gather(*(get_discovery(env, issuer.issuer) for _ in range(5)))
    assert {id(result) for result in results} == {id(results[0])}
    assert issuer.server.count("/.well-known/openid-configuration") == 1


async def test_a_failed_discovery_is_shared_too(env, serve):
    server = serve({"/.well-known/openid-configuration": lambda r: Reply(500, "oops")})
    for _ in range(3):
        with pytest.raises(NetworkProblem):
            await get_discovery(env, server.base)
    assert server.count("/.well-known/openid-configuration") == 1


async def test_tls_to_an_unknown_ca_fails_clearly(tmp_path, serve):
    context, _ca = self_signed_tls(tmp_path)
    server = serve({"/doc": lambda r: Reply(200, {})}, tls=context)
    env = CheckEnvironment(options=CheckOptions(timeout=5))
    with pytest.raises(NetworkProblem, match="TLS to 127.0.0.1 failed.*--ca-bundle"):
        await fetch(env, server.url("/doc"))
    await env.aclose()


async def test_tls_with_the_ca_bundle_given_succeeds(tmp_path, serve):
    context, ca = self_signed_tls(tmp_path)
    server = serve({"/doc": lambda r: Reply(200, {"ok": 1})}, tls=context)
    env = CheckEnvironment(options=CheckOptions(timeout=5, ca_bundle=str(ca)))
    response = await fetch(env, server.url("/doc"))
    assert response.status == 200 and not response.insecure
    await env.aclose()


async def test_insecure_reaches_a_self_signed_server_and_says_so(tmp_path, serve):
    context, _ca = self_signed_tls(tmp_path)
    server = serve({"/doc": lambda r: Reply(200, {"ok": 1})}, tls=context)
    env = CheckEnvironment(options=CheckOptions(timeout=5, insecure=True))
    response = await fetch(env, server.url("/doc"))
    assert response.insecure
    await env.aclose()


async def test_an_unreadable_ca_bundle_is_a_problem(tmp_path, serve):
    server = serve({"/doc": lambda r: Reply(200, {})})
    env = CheckEnvironment(options=CheckOptions(ca_bundle=str(tmp_path / "missing.pem")))
    with pytest.raises(NetworkProblem, match="CA bundle"):
        await fetch(env, server.url("/doc"))
