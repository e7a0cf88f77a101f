"""The diagnosis corpus on the real OpenID Provider's tokens: network on, signatures verified."""

from __future__ import annotations

import pytest

from tests.diagnosis.corpus_provider import PROVIDER_CORPUS, ProviderCase
from tests.flows.walking import shipped_catalog
from wizard.core.flow.engine import Finished
from wizard.core.session.headless import run_headless


@pytest.mark.parametrize("item", PROVIDER_CORPUS, ids=lambda item: item.name)
def test_the_diagnosis_on_the_providers_tokens(item: ProviderCase, oidc_provider):
    lines: list[str] = []
    facts = item.facts(oidc_provider)
    outcome = run_headless(shipped_catalog(), item.flow, facts, item.answers, lines.append)
    transcript = "\n".join(lines)
    assert outcome.exit_code == 0, transcript
    assert f"{outcome.engine.state.flow}:{outcome.resolution}" == item.expected, transcript
    finished = outcome.engine.pending
    assert isinstance(finished, Finished)
    assert tuple((also.id, also.token) for also in finished.also_found) == item.also, transcript
    # The provider's keys verified the signature, so the summary has nothing to add about it.
    assert lines[-1].startswith("Checks:") and "signature" not in lines[-1], transcript
    for name in ("token", "access_token"):
        if facts.get(name):
            assert facts[name] not in transcript
