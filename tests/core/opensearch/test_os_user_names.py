"""A user name for roles_mapping.yml is held against the token's user and the file's names."""

from __future__ import annotations

import asyncio
from pathlib import Path

from wizard.core.checks import CheckEnvironment, CheckRun, Status, run_one
from wizard.core.checks.catalog import load_registry

SEED_MAPPING = str(
    Path(__file__).resolve().parents[2] / "data/opensearch/roles_mapping_seed003.yml"
)


def mapping(**inputs: str):
    spec = load_registry()["opensearch.role_mapping"]
    run = CheckRun("opensearch.role_mapping", spec, {"roles_mapping": SEED_MAPPING, **inputs})
    return asyncio.run(run_one(run, CheckEnvironment()))


def test_the_file_writing_the_token_user_with_other_case_is_found_without_asking():
    result = mapping(opensearch_user="USERID")
    assert result.status is Status.FAIL
    assert result.facts["mapped_user_case"] == "userid"


def test_a_typed_name_that_differs_from_the_token_user_only_in_case_is_named_as_such():
    result = mapping(opensearch_user="userid", token_user="USERID")
    assert result.status is Status.PASS
    assert result.facts["mapped_user"] == "userid"
    assert result.facts["given_user_differs"] == "case"
    assert "only in letter case" in result.detail


def test_a_typed_name_that_is_another_user_is_not_called_a_case_difference():
    result = mapping(opensearch_user="userid", token_user="ada")
    assert result.facts["given_user_differs"] == "name"
    assert "letter case" not in result.detail
    assert "is not the token's user 'ada'" in result.detail


def test_the_token_user_itself_gets_no_comparison():
    result = mapping(opensearch_user="userid", token_user="userid")
    assert "given_user_differs" not in result.facts
