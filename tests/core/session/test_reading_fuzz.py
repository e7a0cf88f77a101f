"""Whatever a hand edit does to a transcript, reading it either works or says what is wrong.

Each value of a real transcript is replaced in turn by values of every JSON type; the result
must load (and then export, and resume or refuse to with a UserError) or fail with a
TranscriptError, never with another exception. Every truncation must fail with one too.
"""

from __future__ import annotations

import contextlib
import copy
import json

import pytest

from tests.core.session.conftest import REGISTRY, fixed_env, load_flows, new_session, walk
from wizard.core.session.export import render_transcript, transcript_document
from wizard.core.session.reading import TranscriptError, parse_transcript
from wizard.core.session.resume import resume_session
from wizard.core.session.store import SessionStore
from wizard.core.vocab.errors import UserError

REPLACEMENTS = (None, 7, "text", [], {}, True)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def replaced(document, path, new):
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return changed


@pytest.fixture
async def document(store: SessionStore) -> dict:
    log = new_session("demo-a", {"aud": "api://other"}, store=store)
    engine = log.engine
    await walk(engine, ["opaque-token-value", "custom"])
    return json.loads(log.path.read_text())


async def test_every_edit_loads_or_gives_a_transcript_error(document: dict):
    flows = load_flows()
    loaded = failed = 0
    for path in list(paths(document))[1:]:
        for new in REPLACEMENTS:
            text = json.dumps(replaced(document, path, new))
            try:
                transcript = parse_transcript(text, "t.json")
            except TranscriptError:
                failed += 1
                continue
            loaded += 1
            for fmt in ("md", "json"):
                render_transcript(transcript_document(transcript), fmt)
            with contextlib.suppress(UserError):
                resume_session(transcript, flows, REGISTRY, env=fixed_env())
    assert loaded and failed


async def test_every_truncation_gives_a_transcript_error(document: dict):
    text = json.dumps(document, indent=2)
    for cut in range(0, len(text) - 1, max(1, len(text) // 200)):
        with pytest.raises(TranscriptError):
            parse_transcript(text[:cut], "t.json")
