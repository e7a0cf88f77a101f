"""The loader and validator: every broken flow gets its own precise message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.fakes import FAKE_REGISTRY
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.flow.source import MAX_FILE_BYTES

DATA = Path(__file__).parent.parent / "data"
BROKEN = sorted((DATA / "broken_flows").glob("*.yaml"))


def expected_messages(path: Path) -> list[str]:
    return [
        line.split("# expect: ", 1)[1].strip()
        for line in path.read_text().splitlines()
        if line.startswith("# expect: ")
    ]


def problems_of(*files: Path) -> list[str]:
    catalog = FlowCatalog.load([], FAKE_REGISTRY, files)
    return [str(problem) for problem in catalog.problems]


def test_the_corpus_is_large_enough():
    assert len(BROKEN) >= 15


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_flow_reports_its_problem(path: Path):
    problems = problems_of(path)
    for expected in expected_messages(path):
        assert any(expected in problem for problem in problems), f"{expected!r} not in {problems}"


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_every_problem_names_the_file(path: Path):
    problems = problems_of(path)
    assert problems
    assert all(problem.startswith(str(path.name)) or path.name in problem for problem in problems)


def test_all_problems_of_a_file_are_collected_not_only_the_first():
    problems = problems_of(DATA / "broken_flows" / "25-several-problems.yaml")
    assert len(problems) >= 3  # two unknown keys and the missing start


def test_good_flows_have_no_problems():
    catalog = FlowCatalog.load([DATA / "flows"], FAKE_REGISTRY)
    assert catalog.problems == []
    assert sorted(catalog.flows) == ["demo-a", "demo-b"]


def test_a_cross_flow_goto_needs_the_other_flow():
    # demo-a jumps to demo-b:start; alone it must say so.
    problems = problems_of(DATA / "flows" / "demo-a.yaml")
    assert any("no flow 'demo-b'" in p for p in problems)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    assert huge.stat().st_size > MAX_FILE_BYTES
    [problem] = problems_of(huge)
    assert "10.5 MB; a flow file may be at most 1 MB" in problem


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path):
    [problem] = problems_of(tmp_path / "nope.yaml")
    assert problem.endswith("no such file")


def test_non_utf8_is_a_problem(tmp_path: Path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("id: caf\xe9\n".encode("latin-1"))
    [problem] = problems_of(bad)
    assert "not UTF-8 text" in problem


def test_two_files_with_one_id_in_a_folder(tmp_path: Path):
    text = (DATA / "flows" / "demo-b.yaml").read_text()
    (tmp_path / "one.yaml").write_text(text)
    (tmp_path / "two.yaml").write_text(text)
    catalog = FlowCatalog.load([tmp_path], FAKE_REGISTRY)
    assert any("flow 'demo-b' is also defined in" in str(p) for p in catalog.problems)


def test_a_later_folder_replaces_a_flow_of_an_earlier_one(tmp_path: Path):
    text = (DATA / "flows" / "demo-b.yaml").read_text().replace("Demo flow B", "My own B")
    (tmp_path / "mine.yaml").write_text(text)
    catalog = FlowCatalog.load([DATA / "flows", tmp_path], FAKE_REGISTRY)
    assert catalog.problems == []
    assert catalog.get("demo-b").title == "My own B"
