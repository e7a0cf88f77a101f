"""The verdict of a set of results: exit code, ranked findings and the signature's summary."""

from __future__ import annotations

from wizard.core.checks.verdict import exit_code, ranked_findings, signature_note, summary_line
from wizard.core.vocab.result import CheckResult, Status


def result(check_id: str, status: Status, detail: str = "d", **extra) -> CheckResult:
    return CheckResult(check_id, status, check_id, detail, **extra)


def test_only_warns_that_a_service_provider_rejects_fail_the_exit_code():
    assert exit_code([result("token.format", Status.WARN)]) == 0  # opaque: a note
    assert exit_code([result("token.alg", Status.WARN)]) == 1  # HS256 at an RS256 API
    assert exit_code([result("token.signature", Status.ERROR)]) == 1
    assert exit_code([result("token.lifetime", Status.PASS)]) == 0


def test_findings_rank_fails_first_then_the_given_order():
    found = [
        result("token.alg", Status.WARN),
        result("token.lifetime", Status.FAIL),
        result("token.audience", Status.FAIL),
        result("token.format", Status.WARN),
    ]
    order = ["token.format", "token.alg", "token.audience", "token.lifetime"]
    assert [r.id for r in ranked_findings(found, order)] == [
        "token.audience",
        "token.lifetime",
        "token.alg",
    ]


def test_a_signature_verified_with_keys_of_the_tokens_own_iss_is_said_so():
    verified = result(
        "token.signature",
        Status.PASS,
        evidence={
            "issuer_used": "https://idp.example.test",
            "issuer_source": "taken from the token's unverified iss, as no issuer was given",
        },
    )
    note = signature_note([verified])
    assert note is not None and "unconfirmed" in note and "https://idp.example.test" in note
    confirmed = result("token.signature", Status.PASS, evidence={"issuer_source": "given"})
    assert signature_note([confirmed]) is None
    assert "signature" not in summary_line([confirmed])


def test_a_bad_signature_is_a_finding_not_an_unverified_one():
    assert signature_note([result("token.signature", Status.FAIL, "altered")]) is None
    skipped = result("token.signature", Status.SKIP, "Not run: --offline is set.")
    assert summary_line([skipped]).endswith("signature not verified: --offline is set")


def test_the_documented_table_of_rejected_warns_is_the_code_s():
    from pathlib import Path

    from wizard.core.checks.rejecting import REJECTED_WARNS

    text = (Path(__file__).parents[3] / "docs" / "FLOWS.md").read_text()
    section = text.split("### Warnings a service provider rejects")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {row.split("`")[1] for row in rows}
    assert documented == set(REJECTED_WARNS)
