"""Who answered: a challenge is named by the scheme it really has."""

from __future__ import annotations

from wizard.core.ingest.http_trace import Message
from wizard.core.ingest.responder import who_answered


def answered(challenge: str):
    response = Message("HTTP/1.1 401 Unauthorized", 1, [("WWW-Authenticate", challenge)])
    return who_answered(response)


def test_a_basic_challenge_of_opensearch_security_is_called_basic():
    found = answered('Basic realm="OpenSearch Security"')
    assert found is not None and found.name == "OpenSearch security plugin"
    challenges = [reason for reason in found.reasons if "challenge" in reason]
    assert len(challenges) == 1 and "Basic" in challenges[0]  # named once, by its scheme


def test_a_bearer_challenge_in_that_realm_is_not_called_basic():
    found = answered('Bearer realm="OpenSearch Security", error="invalid_token"')
    assert found is not None and found.name == "OpenSearch security plugin"
    assert not any("Basic" in reason for reason in found.reasons)
