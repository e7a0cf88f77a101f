"""The Markdown transcript can go into a ticket unedited: taken-back steps apart, checks titled."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from tests.core.session.conftest import CLIENT_SECRET, EMAIL, SSWS_TOKEN, new_session, walk
from wizard.core.session.export import write_transcript
from wizard.core.session.markdown import render_markdown
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.session.superseded import superseded_indices


def kinds(*names: str) -> list[dict]:
    return [{"kind": name} for name in names]


def test_back_supersedes_the_last_answer_and_what_followed():
    events = kinds("asked", "answered", "said", "asked", "answered", "said", "went_back", "asked")
    assert superseded_indices(events) == {4, 5, 6}


def test_two_backs_take_back_two_answers_and_restart_takes_back_everything():
    events = kinds("asked", "answered", "asked", "answered", "went_back", "went_back", "asked")
    assert superseded_indices(events) == {1, 2, 3, 4, 5}
    events = kinds("said", "asked", "answered", "restarted", "said")
    assert superseded_indices(events) == {0, 1, 2, 3}


def test_a_resume_keeps_what_came_before_it():
    events = kinds("asked", "answered", "resumed", "asked", "answered", "went_back")
    assert superseded_indices(events) == {4, 5}


async def walked_back(store: SessionStore, token: str) -> Session:
    """A session that answered with a wrong e-mail, took it back, then finished."""
    log = new_session("secrets", store=store)
    engine = log.engine
    await walk(engine, ["wrong@example.org"])
    assert engine.back()
    engine.answer(EMAIL)
    for answer in (token, CLIENT_SECRET, SSWS_TOKEN):
        await engine.advance()
        engine.answer(answer)
    await engine.advance()
    return log


async def test_taken_back_steps_are_marked_or_left_out_of_the_final_path(
    tmp_path: Path, store: SessionStore, token: str
):
    log = await walked_back(store, token)
    full = write_transcript(log, tmp_path / "full.md").read_text()
    quoted = [line for line in full.splitlines() if line.startswith(">")]
    assert any("Superseded" in line for line in quoted)
    assert any("wrong@example.org" in line for line in quoted)
    assert not any(EMAIL in line for line in quoted)  # the standing answer is not quoted

    final = write_transcript(log, tmp_path / "final.md", final_path=True).read_text()
    assert "wrong@example.org" not in final
    assert EMAIL in final
    assert "taken back" in final


async def test_checks_show_their_titles_beside_their_ids_and_skips_are_not_nested_lists(
    store: SessionStore, token: str
):
    log = await walked_back(store, token)
    document = log.document()
    text = render_markdown(document)
    assert "Careless echo (`leak.echo`)" in text
    document["events"].append(
        {
            "kind": "check_result",
            "at": 0,
            "flow": "secrets",
            "node": "ask",
            "data": {"key": "token.claims", "result": {"status": "skip", "detail": "d"}},
        }
    )
    skipped = next(
        line for line in render_markdown(document).splitlines() if "token.claims" in line
    )
    assert not skipped.startswith("- - ")


# The session header of the hand-made documents below.
SESSION = {
    "flow_title": "F",
    "flow": "f",
    "started": "2026-11-23T18:00:00Z",
    "tool_version": "0",
    "status": "waiting",
    "last_node": "n",
    "id": "i",
}


def test_a_token_held_under_two_names_is_shown_once():
    view = {"format": "jws", "fingerprint": "sha256:abc", "claims": {"sub": "x"}}
    document = {
        "session": dict(SESSION),
        "events": [],
        "checks": [],
        "facts": {
            "access_token": {"type": "token", "source": "given", "token": view},
            "token": {"type": "token", "source": "given", "token": view},
        },
    }
    text = render_markdown(document)
    assert text.count("sha256:abc`") == 1
    assert "### `access_token`, `token`: jws" in text


def a_document(results: list[tuple[str, dict]]) -> dict:
    """A transcript document whose conversation ran the (key, result) pairs, in order."""
    events = [
        {"kind": "check_result", "at": 0, "flow": "f", "node": "n", "data": {"key": k, "result": r}}
        for k, r in results
    ]
    latest = {key: result for key, result in results}
    return {
        "session": dict(SESSION),
        "events": events,
        "checks": [{"key": k, "id": r["id"], "result": r} for k, r in latest.items()],
        "facts": {},
    }


def lines_saying(text: str, words: str) -> list[str]:
    return [line for line in text.splitlines() if words in line]


def test_a_check_run_again_with_the_same_finding_is_told_once():
    warn = {"id": "x.status", "title": "Status", "status": "warn", "detail": "too old"}
    text = render_markdown(a_document([("x.status", warn), ("again", warn)]))
    conversation, table = text.split("## Checks")
    assert len(lines_saying(conversation, "too old")) == 1
    rows = lines_saying(table, "too old")
    assert len(rows) == 1
    assert "x.status" in rows[0] and "again" in rows[0]  # both names stay, for the tools


def test_a_check_that_found_something_else_or_failed_to_run_is_told_again():
    warn = {"id": "x.status", "title": "Status", "status": "warn", "detail": "too old"}
    newer = {**warn, "status": "pass", "detail": "fresh"}
    error = {**warn, "status": "error", "detail": "timed out"}
    text = render_markdown(
        a_document([("x.status", warn), ("again", newer), ("third", error), ("fourth", error)])
    )
    conversation, table = text.split("## Checks")
    assert len(lines_saying(conversation, "fresh")) == 1
    assert len(lines_saying(conversation, "timed out")) == 2
    assert len(lines_saying(table, "|")) == 2 + 3  # header, rule, one row per finding


async def test_the_checks_a_step_runs_are_named_by_their_titles(store: SessionStore, token: str):
    log = await walked_back(store, token)
    text = render_markdown(log.document())
    conversation, table = text.split("## Checks")
    running = lines_saying(conversation, "running checks")
    assert running and all("Careless echo" in line for line in running)
    assert not any("leak.echo" in line for line in running)
    assert "leak.echo" in table  # the id stays where the tools look for it


def test_a_fix_with_a_greater_than_sign_reads_as_written():
    fail = {
        "id": "x.alg",
        "title": "Signing algorithm",
        "status": "fail",
        "detail": "HS256 <not RS256> & more",
        "fix": "Open APIs > Settings and choose RS256.",
    }
    text = render_markdown(a_document([("x.alg", fail)]))
    assert "&gt;" not in text and "&lt;" not in text and "&amp;" not in text
    assert "fix: Open APIs > Settings and choose RS256." in text
    row = lines_saying(text.split("## Checks")[1], "x.alg")[0]
    assert "Open APIs > Settings" in row
    # A `<` still opens no HTML: the rendered ticket shows it as written.
    rendered = MarkdownIt("commonmark").render(text)
    assert "HS256 &lt;not RS256&gt; &amp; more" in rendered


def test_a_check_run_under_a_flow_name_is_told_by_its_check_id_too():
    # Flows run `token.scopes` twice, once as `access-scopes` on the access token.
    fail = {"id": "token.scopes", "title": "Scopes", "status": "fail", "detail": "no email"}
    text = render_markdown(a_document([("access-scopes", fail)]))
    conversation, table = text.split("## Checks")
    said = lines_saying(conversation, "no email")[0]
    assert "`token.scopes`" in said  # the id the check catalog knows it by
    row = lines_saying(table, "no email")[0]
    assert "`token.scopes`" in row and "`access-scopes`" in row  # each name searchable alone


def test_a_fix_with_an_entry_to_paste_keeps_its_lines_and_indentation():
    entry = 'readers:\n  users:\n    - "ada"'
    fail = {
        "id": "opensearch.role_mapping",
        "title": "Role mapping",
        "status": "fail",
        "detail": "no role maps ada",
        "fix": f"Add this to roles_mapping.yml:\n{entry}\n",
    }
    document = a_document([("opensearch.role_mapping", fail)])
    document["resolution"] = {"title": "t", "also_found": [dict(fail, token="id_token")]}
    text = render_markdown(document)
    html = MarkdownIt("commonmark").enable("table").render(text)
    # The entry reads as written, indentation and all, in the conversation and under "also
    # found"; the table, which cannot hold it, points there rather than flattening it.
    assert html.count(f"<code>{entry.replace(chr(34), '&quot;')}\n</code>") == 2, html
    row = lines_saying(text.split("## Checks")[1], "no role maps ada")[0]
    assert "users:" not in row


def test_a_skipped_question_reads_as_skipped_not_as_a_value():
    answered = {"fact": "expect_claim", "value": "(skipped)", "skipped": True}
    event = {"kind": "answered", "at": 0, "flow": "f", "node": "n", "data": answered}
    document = {"session": dict(SESSION), "events": [event], "checks": [], "facts": {}}
    [said] = lines_saying(render_markdown(document), "**you:**")
    assert "skipped" in said and "`expect_claim`" in said
    assert "= `(skipped)`" not in said  # the user gave no value to quote


def test_a_demo_transcript_says_so_and_what_was_expected_against_what_was_reached():
    demo = {"scenario": "okta-x", "expected": "org-aud", "expected_title": "Org server token"}
    reached = {**SESSION, "status": "resolved", "last_node": "org-aud", "demo": demo}
    missed = {**SESSION, "status": "resolved", "last_node": "other", "demo": demo}
    rows = []
    for session_header in (reached, missed):
        document = {"session": session_header, "events": [], "checks": [], "facts": {}}
        document["resolution"] = {"title": "What was reached"}
        [row] = lines_saying(render_markdown(document), "| Demo |")
        rows.append(row)
    assert all("okta-x" in row and "Org server token" in row for row in rows)
    assert "reached" in rows[0] and "What was reached" not in rows[0]
    assert "What was reached" in rows[1]
    plain_session = {"session": dict(SESSION), "events": [], "checks": [], "facts": {}}
    assert not lines_saying(render_markdown(plain_session), "| Demo |")
