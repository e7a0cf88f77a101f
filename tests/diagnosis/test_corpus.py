"""The diagnosis corpus: each documented situation reaches the diagnosis a senior identity
engineer gives, then lists what else is wrong, ranked, and nothing that is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.diagnosis.corpus_cases import CORPUS, CorpusCase
from tests.flows.walking import walk
from wizard.core.flow.engine import Finished

PLAYBOOKS = {
    "okta-sp-401",
    "auth0-userinfo-401",
    "opensearch-oidc-401",
    "generic-bearer-401",
    "keycloak-401",
    "entra-401",
    "evidence-401",
    "triage",
}


def _param(item: CorpusCase) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=item.known_gap)] if item.known_gap else []
    return pytest.param(item, id=item.name, marks=marks)


@pytest.mark.parametrize("item", [_param(item) for item in CORPUS])
def test_the_diagnosis_and_what_else_was_found(item: CorpusCase, tmp_path: Path):
    result = walk(item.case, tmp_path)
    assert result.outcome.exit_code == 0, result.transcript()
    assert result.ended_at == item.case.expected, result.transcript()
    finished = result.outcome.engine.pending
    assert isinstance(finished, Finished)
    found = tuple((also.id, also.token) for also in finished.also_found)
    assert found == item.also, result.transcript()
    # Ranked: every fail before every warn.
    statuses = [also.status for also in finished.also_found]
    assert statuses == sorted(statuses, key=lambda status: status != "fail")
    # Each is something a service provider acts on, with the fix that ends it.
    assert all(also.fix for also in finished.also_found), finished.also_found
    assert all(also.rejected_because for also in finished.also_found if also.status == "warn")


def test_the_corpus_is_large_varied_and_sourced():
    assert len(CORPUS) >= 40
    assert {item.case.flow for item in CORPUS} == PLAYBOOKS
    multi = [item for item in CORPUS if item.also]
    near = [item for item in CORPUS if not item.also]
    assert len(multi) >= 25 and len(near) >= 8
    assert all(item.source.strip() for item in CORPUS)
    names = [item.name for item in CORPUS]
    assert len(set(names)) == len(names)
