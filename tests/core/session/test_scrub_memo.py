"""Autosave's memo of scrubbed strings: it saves the work, never a secret."""

from __future__ import annotations

from wizard.core.session.scrubbing import ScrubMemo, scrub_document

DOCUMENT = {"events": [{"detail": "the server said: client secret s3cr3t-value-42 is wrong"}]}


def test_a_secret_learned_after_a_save_is_scrubbed_from_the_next_one():
    memo = ScrubMemo()
    first = scrub_document(DOCUMENT, set(), memo)
    assert "s3cr3t-value-42" in first["events"][0]["detail"]  # not known to be a secret yet
    second = scrub_document(DOCUMENT, {"s3cr3t-value-42"}, memo)
    assert "s3cr3t-value-42" not in second["events"][0]["detail"]


def test_the_memo_gives_what_scrubbing_afresh_gives():
    memo = ScrubMemo()
    secrets = {"s3cr3t-value-42"}
    fresh = scrub_document(DOCUMENT, secrets)
    assert scrub_document(DOCUMENT, secrets, memo) == fresh
    assert scrub_document(DOCUMENT, secrets, memo) == fresh  # answered from the memo
    assert memo.scrubbed  # it did remember


def test_a_full_memo_starts_again():
    memo = ScrubMemo()
    memo.LIMIT = 2
    many = {"items": [f"value {n}" for n in range(5)]}
    scrub_document(many, set(), memo)
    scrub_document({"items": ["another"]}, set(), memo)
    assert len(memo.scrubbed) <= 2
