"""Every input of the corpus gives its kinds, facts, failing checks and the step to open."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.core.flow.ingested import ingest_report
from wizard.core.ingest import ingest_path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ingest"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_input(name: str):
    case = CASES[name]
    report = ingest_report(ingest_path(CORPUS / name))
    document = report.to_dict()
    kinds = {item["kind"] for item in document["inputs"]}
    assert set(case["kinds"]) <= kinds, kinds
    for fact, value in (case.get("facts") or {}).items():
        assert document["facts"].get(fact) == value, (fact, document["facts"])
        assert document["sources"][fact]
    for fact in case.get("absent") or []:
        assert fact not in document["facts"]
    failed = {r["id"] for r in document["results"] if r["status"] == "fail"}
    assert set(case.get("failed") or []) <= failed, failed
    step = document["next"]
    goto = f"{step['flow']}:{step['node']}" if step else None
    assert goto == case["next"], (goto, step)
    for note in case.get("notes") or []:
        assert any(note in said for said in document["notes"]), document["notes"]


def test_every_corpus_file_has_its_case():
    files = {p.name for p in CORPUS.iterdir() if p.name != "cases.yaml"}
    assert files == set(CASES)


def test_every_step_named_is_a_node_of_the_shipped_flows():
    from tests.flows.walking import shipped_catalog

    flows = shipped_catalog().flows
    for case in CASES.values():
        if case["next"]:
            flow, _, node = case["next"].partition(":")
            assert node in flows[flow].flow.nodes, case["next"]
