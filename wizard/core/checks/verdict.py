"""What a set of results comes to, for a script and for a person: the exit code and the summary.

A script trusts exit 0, so 0 means nothing a service provider would act on was found: no fail,
no error, no warn it rejects (`rejecting.REJECTED_WARNS`). The summary line says beside the
counts whether the signature was verified, and when not, why: a token whose signature nobody
checked proves nothing, however clean its claims look.
"""

from __future__ import annotations

from collections.abc import Sequence

from wizard.core.checks.rejecting import acted_on, finding_rank
from wizard.core.vocab.result import CheckResult, Status

# The issuer source `token.signature` records when no issuer was given (see _netcheck.py).
UNCONFIRMED_SOURCE = "taken from the token's unverified iss"


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when nothing failed or errored and no warn is one a service provider rejects, else 1."""
    bad = any(r.status is Status.ERROR or acted_on(r) for r in results)
    return 1 if bad else 0


def ranked_findings(
    results: Sequence[CheckResult], order: Sequence[str] | None = None
) -> list[CheckResult]:
    """The fails and rejected warns, fails first, then in the order of `order` (check ids).

    Without `order`, the results' own order stands for the catalog's (`run_all` keeps it).
    """
    catalog = list(order) if order is not None else list(dict.fromkeys(r.id for r in results))
    return sorted((r for r in results if acted_on(r)), key=lambda r: finding_rank(r, catalog))


def signature_note(results: Sequence[CheckResult]) -> str | None:
    """Why the signature was not verified (None when it was, or when it was found bad)."""
    ran = [r for r in results if r.id == "token.signature"]
    if not ran:
        return None
    passed = [r for r in ran if r.status is Status.PASS]
    if len(passed) == len(ran):
        source = str(passed[0].evidence.get("issuer_source") or "")
        if source.startswith(UNCONFIRMED_SOURCE):
            issuer = passed[0].evidence.get("issuer_used") or "the token's iss"
            return (
                f"verified only with the keys of {issuer}, the token's own unconfirmed iss "
                "(give --issuer to confirm it)"
            )
        return None
    if any(r.status is Status.FAIL for r in ran):
        return None  # it was checked, and the finding says what is wrong
    reason = next(r for r in ran if r.status is not Status.PASS).detail
    return reason.removeprefix("Not run: ").rstrip(".")


def summary_line(results: Sequence[CheckResult]) -> str:
    """'5 pass, 1 warn, 0 fail, 3 skip, 0 error; signature not verified: ...'."""
    counts = {str(status): 0 for status in Status}
    for result in results:
        counts[str(result.status)] += 1
    line = ", ".join(f"{n} {status}" for status, n in counts.items())
    note = signature_note(results)
    if note is None:
        return line
    if note.startswith("verified only"):
        return f"{line}; signature {note}"
    return f"{line}; signature not verified: {note}"
