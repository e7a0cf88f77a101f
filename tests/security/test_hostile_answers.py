"""Attacks by a server's answer and by the network path: bombs, odd URLs, proxies.

Each server is real, on loopback. The client asks for identity encoding; a server that
compresses anyway is decoded with the size cap counted on every decoded layer.
"""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from tests.core.net.loopback import Reply
from tests.security.conftest import assert_clean_exit, wizard_cli
from wizard.core.net.fetch import NetworkProblem, fetch, fetch_json
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions

BOMB_SIZE = 64 * 1024 * 1024  # 64 MiB of zeros, far past the 2 MiB cap


def _bomb(layers: int) -> bytes:
    body = b"\0" * BOMB_SIZE
    for _ in range(layers):
        body = gzip.compress(body, compresslevel=9)
    return body


@pytest.fixture
async def env():
    environment = CheckEnvironment(options=CheckOptions(timeout=5.0))
    yield environment
    await environment.aclose()


@pytest.mark.parametrize(
    "encoding, layers",
    [("gzip", 1), ("gzip, gzip", 2), ("gzip, gzip, gzip", 3), ("x-gzip", 1)],
)
async def test_a_compression_bomb_stops_at_the_cap_on_decoded_bytes(env, serve, encoding, layers):
    body = _bomb(layers)
    assert len(body) < 100_000  # small on the wire: that is the attack
    server = serve({"/doc": lambda r: Reply(200, body, {"Content-Encoding": encoding})})
    with pytest.raises(NetworkProblem, match="sent more than 2,097,152 bytes"):
        await fetch(env, server.url("/doc"))
    assert server.requests[0].headers["accept-encoding"] == "identity"


async def test_a_deflate_bomb_stops_at_the_cap(env, serve):
    body = zlib.compress(b"\0" * BOMB_SIZE, 9)
    server = serve({"/doc": lambda r: Reply(200, body, {"Content-Encoding": "deflate"})})
    with pytest.raises(NetworkProblem, match="sent more than"):
        await fetch(env, server.url("/doc"))


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, gzip, gzip, gzip"])
async def test_an_encoding_that_cannot_be_bounded_is_refused(env, serve, encoding):
    server = serve({"/doc": lambda r: Reply(200, b"xxxx", {"Content-Encoding": encoding})})
    with pytest.raises(NetworkProblem, match="not read"):
        await fetch(env, server.url("/doc"))


async def test_a_small_gzip_answer_still_reads(env, serve):
    # The counterpart: a server that compresses a normal document anyway is understood.
    document = {"issuer": "x", "keys": []}
    body = gzip.compress(gzip.compress(json.dumps(document).encode()))
    server = serve({"/doc": lambda r: Reply(200, body, {"Content-Encoding": "gzip, gzip"})})
    _response, data = await fetch_json(env, server.url("/doc"), what="JWKS")
    assert data == document


@pytest.mark.parametrize("depth", [5_000, 100_000])
async def test_deeply_nested_json_from_a_server_is_an_answer_not_a_crash(env, serve, depth):
    body = b"[" * depth + b"]" * depth
    server = serve({"/doc": lambda r: Reply(200, body, {"Content-Type": "application/json"})})
    with pytest.raises(NetworkProblem, match="nested too deeply"):
        await fetch_json(env, server.url("/doc"), what="discovery document")


@pytest.mark.parametrize(
    "issuer",
    [
        "http://127.0.0.1:1/" + "a" * 70_000,
        "http://[::1%zz]:80/",
        "https://exa mple.com/",
        "http://127.0.0.1:99999/",
        "https://xn--a.com./",
    ],
)
def test_odd_issuer_urls_give_a_sentence_not_a_traceback(issuer):
    process = wizard_cli("check", "--issuer", issuer, "--json")
    assert_clean_exit(process)
    assert process.returncode in (1, 2)


def test_a_bearer_token_never_travels_through_a_plain_http_proxy(serve, issuer):
    # The proxy is a loopback server too: it records what it would have read.
    proxy = serve({})
    token = issuer.mint()
    process = wizard_cli(
        "check",
        "--allow-http",
        "--resource",
        "http://api.wizard-test.invalid/orders",
        "--json",
        token,
        extra_env={"HTTP_PROXY": proxy.base},
    )
    assert_clean_exit(process)
    results = {r["id"]: r for r in json.loads(process.stdout)["results"]}
    assert results["resource.request"]["status"] == "error"
    assert "proxy" in results["resource.request"]["detail"]
    assert "nothing was sent" in results["resource.request"]["detail"]
    assert proxy.requests == []


def test_loopback_never_goes_through_a_proxy(serve, issuer):
    proxy = serve({})
    api = serve({"/orders": lambda r: Reply(200, {"ok": True})})
    token = issuer.mint()
    env = {"HTTP_PROXY": proxy.base, "HTTPS_PROXY": proxy.base, "ALL_PROXY": proxy.base}
    process = wizard_cli("check", "--resource", api.url("/orders"), "--json", token, extra_env=env)
    assert_clean_exit(process)
    assert proxy.requests == []
    assert api.count("/orders") == 1
