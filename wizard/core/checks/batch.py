"""Every check of the catalog at once, fed from one set of facts: the core of `wizard check`.

Faces (the CLI, the TUI's "check everything" action) hand in facts and options and get back
results, a summary and printable text; none of them re-implements any of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from wizard.core.checks.catalog import load_registry
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import CheckSpec
from wizard.core.checks.runner import (
    CheckRun,
    credential_parts,
    credentials_among,
    run_checks,
    run_one,
)
from wizard.core.checks.token_input import decode, read_token, token_issuer
from wizard.core.checks.verdict import exit_code as verdict_exit_code
from wizard.core.checks.verdict import ranked_findings, signature_note, summary_line
from wizard.core.tokens import clean_pasted
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.line_screen import LineScreen
from wizard.core.vocab.redaction import MAX_DEPTH, scrub
from wizard.core.vocab.result import CheckResult, Status

# Facts whose values are secrets: scrubbed from anything printed, whatever a check wrote.
SECRET_FACTS = ("token", "id_token", "access_token", "client_secret", "okta_api_token")
TOKEN_FACTS = ("token", "id_token", "access_token")


def claim_expectations(items: Sequence[str]) -> list[tuple[str, str | None]]:
    """`NAME` or `NAME=VALUE` items as (name, value-or-None) pairs."""
    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        pairs.append((name.strip(), value if sep else None))
    return pairs


async def run_all(
    facts: Mapping[str, str],
    env: CheckEnvironment,
    *,
    requested: Sequence[str] = (),
    expectations: Sequence[tuple[str, str | None]] = (),
    specs: Sequence[CheckSpec] | None = None,
    reuse: dict[tuple, Any] | None = None,
    scrub: bool = True,
) -> list[CheckResult]:
    """Run every registered check on `facts`, results in catalog order.

    Two rounds, each concurrent: first the offline checks that need no learned fact, then the
    rest, fed also with what the first round learned (e.g. `provider` for auth0.userinfo); a
    fact the caller gave is never replaced. A check declared `on_request` (it presents a token
    or a secret to a server) runs only when its id is in `requested`, else it is listed as a
    skip; with several claim expectations, `token.claims` runs once per expectation.

    For a caller running many batches (`--batch`): `specs` (default: the whole catalog) saves
    loading the catalog each time, and `reuse`, a dict kept across the calls, holds the split
    into rounds and the skips that do not depend on the facts' values (offline, an input
    absent), each made once. `scrub=False` leaves the results unscrubbed (`run_one`).
    """
    specs = list(specs) if specs is not None else list(load_registry().values())
    first, rest = _rounds(specs, reuse)
    done: dict[str, list[CheckResult]] = {}
    for round_specs in (first, rest):
        round_results = await _run_round(
            round_specs, facts, env, requested, expectations, reuse, scrub
        )
        done.update(round_results)
        facts = merge_learned(facts, [r for results in round_results.values() for r in results])
    return [result for spec in specs for result in done[spec.id]]


def _rounds(
    specs: Sequence[CheckSpec], reuse: dict[tuple, Any] | None
) -> tuple[list[CheckSpec], list[CheckSpec]]:
    """The checks of the first round (offline, needing no learned fact) and of the second."""
    key = ("rounds", tuple(spec.id for spec in specs))
    if reuse is not None and key in reuse:
        return reuse[key]
    learnable = {name for spec in specs for name in spec.learns}
    first = [s for s in specs if not s.network and not learnable.intersection(s.inputs)]
    rest = [s for s in specs if s not in first]
    if reuse is not None:
        reuse[key] = (first, rest)
    return first, rest


async def _run_round(
    specs: Sequence[CheckSpec],
    facts: Mapping[str, str],
    env: CheckEnvironment,
    requested: Sequence[str],
    expectations: Sequence[tuple[str, str | None]],
    reuse: dict[tuple, Any] | None = None,
    scrub: bool = True,
) -> dict[str, list[CheckResult]]:
    """Run `specs` side by side; each check id maps to its results (several for token.claims)."""
    slots: list[tuple[str, CheckResult | CheckRun]] = []
    to_keep: dict[str, tuple] = {}  # run key -> reuse key, for skips not yet in `reuse`
    for spec in specs:
        inputs = {name: facts[name] for name in spec.inputs if facts.get(name)}
        if spec.on_request and spec.id not in requested:
            skipped = CheckContext(spec, inputs, env).skipped(
                f"Not run: it calls a server with your token; add {spec.on_request}."
            )
            slots.append((spec.id, skipped))
        elif spec.id == "token.claims" and len(expectations) > 1:
            for name, value in expectations:
                one = {**inputs, "expect_claim": name}
                one.pop("expect_value", None)
                if value is not None:
                    one["expect_value"] = value
                slots.append((spec.id, CheckRun(f"{spec.id}[{name}]", spec, one)))
        else:
            run = CheckRun(spec.id, spec, inputs)
            key = _reuse_key(run, env) if reuse is not None else None
            known = reuse.get(key) if reuse is not None and key is not None else None
            if key is not None and known is None:
                to_keep[run.key] = key
            slots.append((spec.id, known or run))
    runs = [slot for _id, slot in slots if isinstance(slot, CheckRun)]
    if env.options.offline:
        # Offline, no check waits on anything: one task per check would only add the event
        # loop's bookkeeping (most of the time of a `--batch` over many tokens).
        ran = [await run_one(run, env, scrub=scrub) for run in runs]
    else:
        ran = [result for _key, result in await run_checks(runs, env, scrub=scrub)]
    if reuse is not None:
        for run, result in zip(runs, ran, strict=True):
            if run.key in to_keep:
                reuse[to_keep[run.key]] = result
    outcomes = iter(ran)
    grouped: dict[str, list[CheckResult]] = {spec.id: [] for spec in specs}
    for check_id, slot in slots:
        grouped[check_id].append(slot if isinstance(slot, CheckResult) else next(outcomes))
    return grouped


def merge_learned(facts: Mapping[str, str], results: Sequence[CheckResult]) -> dict[str, str]:
    """`facts` plus what `results` learned; the given facts win, then token.provider's word."""
    merged = dict(facts)
    ordered = sorted(results, key=lambda result: result.id != "token.provider")
    for result in ordered:
        for name, value in result.facts.items():
            if value and not merged.get(name):
                merged[name] = value
    return merged


def _reuse_key(run: CheckRun, env: CheckEnvironment) -> tuple | None:
    """A key for a run the runner skips before calling the check, else None.

    Mirrors the runner's preconditions (an input in `requires` absent; a network check
    offline), whose skip results depend only on which inputs are present.
    """
    spec = run.spec
    if (spec.network and env.options.offline) or not all(run.inputs.get(n) for n in spec.requires):
        return (run.key, tuple(run.inputs))
    return None


def summarize(results: Sequence[CheckResult]) -> dict[str, int]:
    """How many results ended in each status (all five present, zeros included)."""
    counts = {str(status): 0 for status in Status}
    for result in results:
        counts[str(result.status)] += 1
    return counts


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when nothing failed or errored and no warn is one a service provider rejects."""
    return verdict_exit_code(results)


def provider_of(results: Sequence[CheckResult]) -> str | None:
    """The provider a check recognised (token.provider first, then any other)."""
    ordered = sorted(results, key=lambda result: result.id != "token.provider")
    return next((r.facts["provider"] for r in ordered if r.facts.get("provider")), None)


def batch_notes(facts: Mapping[str, str], env: CheckEnvironment | None = None) -> list[str]:
    """What the reader must know about how the batch was fed (e.g. whose issuer was used).

    With the `env` the checks ran in, the tokens they decoded are not decoded again.
    """
    notes = []
    if facts.get("token") and facts.get("token") == facts.get("id_token"):
        notes.append("The token checks read the ID token (no other token was given).")
    if not facts.get("issuer"):
        token = read_token(facts.get("token"), env) or read_token(facts.get("id_token"), env)
        iss = token_issuer(token)
        if iss:
            notes.append(f"No --issuer given: the token's own iss {iss} was used (unverified).")
    return notes


def secrets_of(facts: Mapping[str, str], env: CheckEnvironment | None = None) -> list[str]:
    """Every secret among the facts, raw and as cleaned, for scrubbing printed output.

    With the `env` the checks ran in, a token is taken as they decoded it rather than cleaned
    again (every report of a `--batch` line scrubs its token).
    """
    found = []
    for name in SECRET_FACTS:
        value = facts.get(name)
        if value:
            if env is not None and name in TOKEN_FACTS:
                cleaned = decode(env, value).secret_value()
            else:
                cleaned = clean_pasted(value).value
            # The scheme words pasted along ("Bearer Bearer") are not secret: masking them
            # would hide the very mistake the format card names.
            found += [*credential_parts(value), cleaned]
    return found


def report_dict(
    results: Sequence[CheckResult],
    facts: Mapping[str, str],
    env: CheckEnvironment | None = None,
) -> dict[str, Any]:
    """The `--json` shape: provider, notes, results, the ranked findings and a summary.

    `findings` are the ids of the fails and of the warns a service provider rejects, ranked;
    `signature_not_verified` says why the signature was not verified (null when it was).
    """
    return {
        "provider": provider_of(results),
        "notes": batch_notes(facts, env),
        "results": [_shown(result) for result in results],
        "findings": [result.id for result in ranked_findings(results)],
        "signature_not_verified": signature_note(results),
        "summary": summarize(results),
    }


def _shown(result: CheckResult) -> dict[str, Any]:
    """A result as `--json` shows it: everything but the learned facts."""
    data = result.to_dict()
    del data["facts"]
    return data


# A skipped check usually says only that an input was not given, so the report leaves it out
# (with a count); these say something that matters even when skipped.
SHOWN_WHEN_SKIPPED = frozenset({"token.signature"})


def report_text(
    results: Sequence[CheckResult],
    facts: Mapping[str, str],
    *,
    show_all: bool = False,
    width: int | None = None,
) -> str:
    """One line per check that applied (symbol, id, detail), then the fixes, then the counts.

    `show_all` lists the checks that did not apply too; `width` wraps long lines with each
    continuation indented under its column (URLs and other long words are never split).
    """
    lines = []
    provider = provider_of(results)
    if provider:
        lines.append(f"Provider: {provider}")
    lines += [f"Note: {note}" for note in batch_notes(facts)]
    if lines:
        lines.append("")
    shown = [r for r in results if show_all or _applied(r)]
    column = max((len(result.id) for result in shown), default=0)
    for r in shown:
        lines += _wrapped(f"{r.status.symbol} {r.id.ljust(column)}  ", r.detail, width)
    hidden = len(results) - len(shown)
    if hidden:
        lines.append(
            f"({hidden} other check{'s' if hidden > 1 else ''} did not apply and "
            f"{'are' if hidden > 1 else 'is'} not listed: skipped for want of an input or of "
            "the network; --all lists them)"
        )
    # What a service provider acts on first, fails before warns, in catalog order; then the
    # fixes of warns that are only notes.
    ranked = [r for r in ranked_findings(results) if r.fix]
    notes = [r for r in results if r.fix and r.status is Status.WARN and r not in ranked]
    if ranked or notes:
        lines += ["", "What to do:"]
        for r in ranked + notes:
            lines += _wrapped(f"  {r.status.symbol} {r.id}: ", r.fix, width, indent=4)
    lines += ["", summary_line(results)]
    return scrub("\n".join(lines), secrets_of(facts))


def _applied(result: CheckResult) -> bool:
    return result.status is not Status.SKIP or result.id in SHOWN_WHEN_SKIPPED


def _wrapped(head: str, text: str, width: int | None, indent: int | None = None) -> list[str]:
    """`head` + `text`, wrapped to `width` with continuations under the text's column."""
    if width is None or len(head) + len(text) <= width:
        return [head + text]
    import textwrap  # deferred: only a terminal report wraps

    hang = " " * (len(head) if indent is None else indent)
    lines = textwrap.wrap(
        text,
        width=max(width, len(head) + 20),
        initial_indent=head,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [head]
    # A word longer than the column (a URL) stands alone on its line; moved left as far as
    # it must to fit the width, the terminal does not cut it to go on at column 0. One longer
    # than the width stays under its column: nothing can keep it whole on screen.
    return [
        line[: width - len(line.strip())] + line.strip()
        if index and len(line) > width and len(line.strip()) <= width
        else line
        for index, line in enumerate(lines)
    ]


def report_json(results: Sequence[CheckResult], facts: Mapping[str, str]) -> str:
    """`report_dict` as JSON text, with every known secret scrubbed."""
    text = json.dumps(report_dict(results, facts), indent=2, ensure_ascii=False, default=str)
    return scrub(text, secrets_of(facts))


# A line longer than this is not a token anyone pasted; say so instead of decoding it.
MAX_BATCH_LINE = 64 * 1024


def batch_error(number: int, message: str) -> str:
    """The JSON line for an input line that could not be checked at all."""
    return json.dumps({"line": number, "error": message}, ensure_ascii=False)


def batch_line(
    number: int,
    results: Sequence[CheckResult],
    facts: Mapping[str, str],
    env: CheckEnvironment | None = None,
) -> str:
    """One token's report as one JSON line: the `--json` shape plus `line`.

    Skipped checks are only counted in `summary`: with one token per line they are the same
    on every line and would make each line several times longer.
    """
    return scrub(_line_text(number, results, facts, env), secrets_of(facts, env))


def _line_text(
    number: int,
    results: Sequence[CheckResult],
    facts: Mapping[str, str],
    env: CheckEnvironment | None,
) -> str:
    """`batch_line` before its scrubbing."""
    report = report_dict([r for r in results if r.status is not Status.SKIP], facts, env)
    report["summary"] = summarize(results)
    return json.dumps({"line": number, **report}, ensure_ascii=False, default=str)


def _screened_line(
    number: int,
    results: Sequence[CheckResult],
    facts: Mapping[str, str],
    env: CheckEnvironment,
    screen: LineScreen,
) -> str | None:
    """The line of results left unscrubbed, when `screen` vouches that `batch_line` of the
    same results scrubbed would be that very text; else None.

    The runner scrubs each result with the credentials among its check's inputs, and
    `batch_line` the whole line with `secrets_of`: the screen is asked with both.
    """
    text = _line_text(number, results, facts, env)
    # The runner's scrubbing also cuts evidence nested past MAX_DEPTH; a line with fewer
    # brackets than that cannot hold any.
    if text.count("{") + text.count("[") >= MAX_DEPTH:
        return None
    secrets = [*secrets_of(facts, env), *credentials_among(facts)]
    return text if screen.unchanged(text, secrets) else None


async def check_lines(
    lines: Iterable[bytes],
    facts: Mapping[str, str],
    env: CheckEnvironment,
    write: Callable[[str], object],
    *,
    requested: Sequence[str] = (),
    expectations: Sequence[tuple[str, str | None]] = (),
) -> int:
    """Check one token per input line, writing one JSON line per input line, in order.

    A line that cannot be checked (blank, not UTF-8, too long, or a check run that broke)
    gives an `{"line": n, "error": ...}` object and the batch goes on. Returns the exit code:
    1 when any line failed, errored or could not be checked, else 0.
    """
    worst = 0
    specs = list(load_registry().values())
    reuse: dict[tuple, Any] = {}
    screen = LineScreen()
    for number, raw in enumerate(lines, start=1):
        line, problem = _token_line(raw)
        if problem is not None:
            write(batch_error(number, problem))
            worst = 1
            continue
        one = {**facts, "token": line}
        try:
            # Scrubbing every string of every result, then the line, is most of a batch's
            # time, and on nearly every line it changes nothing: the line is written as it
            # is when the screen can vouch for that, else the checks run again as always.
            results = await run_all(
                one, env, requested=requested, expectations=expectations, specs=specs,
                reuse=reuse, scrub=False,
            )  # fmt: skip
            text = _screened_line(number, results, one, env, screen)
            if text is None:
                results = await run_all(
                    one, env, requested=requested, expectations=expectations, specs=specs,
                    reuse=reuse,
                )  # fmt: skip
                text = batch_line(number, results, one, env)
        except Exception as exc:  # one bad line must not end a batch of thousands
            # Only the type is shown: the message may quote the token.
            write(batch_error(number, f"the checks stopped on {type(exc).__name__}"))
            worst = 1
            continue
        write(text)
        worst = max(worst, exit_code(results))
    return worst


def _token_line(raw: bytes) -> tuple[str, str | None]:
    """The token on a line, or a reason it cannot be one (never quoting the line)."""
    if len(raw) > MAX_BATCH_LINE:
        return "", f"the line is {len(raw)} bytes long; a token is at most {MAX_BATCH_LINE}"
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return "", "the line is not UTF-8 text"
    if not text:
        return "", "the line is empty"
    return text, None
