"""`wizard ingest` and `wizard sanitize` as a support engineer runs them."""

from __future__ import annotations

import json
import re

import pytest

from tests.ingest.running import CORPUS, wizard

# Whole processes of the CLI, as a user runs them.
pytestmark = pytest.mark.slow

SIGNATURE = "c2lnbmF0dXJlLXBhcnQtb25l"  # of the token in har-token-and-401.har


def test_json_shape_and_exit_1_for_an_audience_line():
    result = wizard("ingest", str(CORPUS / "idx10214.log"), "--json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert {"inputs", "facts", "results", "next"} <= set(document)
    assert document["inputs"][0]["kind"] == "validator-message"
    assert document["inputs"][0]["where"].startswith("idx10214.log line 2")
    assert document["facts"]["audience"] == "8f1c2d3e-0000-4000-8000-000000000001"
    assert document["next"] == {
        "flow": "evidence-401",
        "node": "audience",
        "reason": document["next"]["reason"],
    }
    result_ids = {r["id"]: r for r in document["results"]}
    assert result_ids["evidence.audience"]["status"] == "fail"
    assert set(result_ids["evidence.audience"]) == {
        "id",
        "status",
        "title",
        "detail",
        "fix",
        "evidence",
        "refs",
    }


def test_standard_input_and_exit_0_when_nothing_failed():
    result = wizard("ingest", "-", stdin=(CORPUS / "www-authenticate-dpop-bearer.txt").read_bytes())
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"use_dpop_nonce" in result.stdout


def test_the_curl_trace_lands_on_the_hop_tracer_with_the_facts():
    result = wizard("ingest", str(CORPUS / "curl-v-http2-no-error.txt"))
    assert result.returncode == 1
    text = result.stdout.decode()
    assert "Next: evidence-401:header-lost" in text
    assert re.search(r"resource_url\s+https://api.example.com/v1/orders", text)


def test_no_token_or_signature_in_the_output_of_a_har():
    result = wizard("ingest", str(CORPUS / "har-token-and-401.har"), "--json")
    assert SIGNATURE not in result.stdout.decode()
    assert "topsecretvalue1" not in result.stdout.decode()
    assert json.loads(result.stdout)["facts"]["token"].startswith("[secret")


def test_sanitize_writes_a_copy_that_passes_its_own_check(tmp_path):
    out = tmp_path / "clean.har"
    result = wizard("sanitize", str(CORPUS / "har-token-and-401.har"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = result.stdout.decode()
    assert "client_secret removed: 1" in report and "JWT signatures removed" in report
    written = out.read_text()
    for secret in (
        SIGNATURE,
        "topsecretvalue1",
        "abcdef123456",
        "Y2xpZW50OnMzY3IzdA==",
        "rt-8xLOxBtZp8",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    ):
        assert secret not in written
    assert wizard("sanitize", "--check", str(out)).returncode == 0
    live = wizard("sanitize", "--check", str(CORPUS / "har-token-and-401.har"))
    assert live.returncode == 1 and SIGNATURE not in live.stdout.decode()


def test_sanitize_refuses_what_is_not_a_har(tmp_path):
    result = wizard("sanitize", str(CORPUS / "idx10214.log"))
    assert result.returncode == 2
    assert b"not a HAR" in result.stderr and b"Traceback" not in result.stderr


def test_sanitize_check_reads_text_too():
    result = wizard("sanitize", "--check", str(CORPUS / "authorization-bearer.txt"))
    assert result.returncode == 1 and b"line 1" in result.stdout
