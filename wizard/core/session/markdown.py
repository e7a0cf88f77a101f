"""The transcript as Markdown, for pasting into a support ticket.

Order: a header table (flow, date, tool version, provider), the diagnosis in one line, the
conversation with times, a table of the checks, a table of the facts, the tokens as decoded
(never raw), and the resolution with numbered steps. Table cells escape `|` and keep to one line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from wizard.core.session.superseded import superseded_indices
from wizard.core.vocab.display import for_markdown, for_terminal
from wizard.core.vocab.result import STATUS_SYMBOLS, Status

TOOL_NAME = "oidc-401 wizard"
# A list item starting "- -" would be read as a nested list: a skip gets its own mark here.
SYMBOLS = {**STATUS_SYMBOLS, Status.SKIP: "○"}
# Where a fact came from, in words.
SOURCES = {"given": "given at start", "user": "answered", "choice": "a choice", "check": "a check"}


def render_markdown(document: dict[str, Any], *, final_path: bool = False) -> str:
    """Markdown for a transcript document (`Transcript.to_dict()`, already cleaned).

    Steps taken back (Back, Restart) are shown as superseded, or with `final_path` left out,
    together with the checks only they ran.
    """
    events = document["events"]
    superseded = superseded_indices(events)
    checks = document["checks"]
    if final_path:
        standing = {
            str(event["data"].get("key"))
            for index, event in enumerate(events)
            if event["kind"] == "check_result" and index not in superseded
        }
        checks = [check for check in checks if str(check["key"]) in standing]
    lines: list[str] = []
    lines += _header(document)
    lines += _conversation(events, superseded, final_path=final_path)
    lines += _checks(checks)
    lines += _facts(document["facts"])
    lines += _tokens(document["facts"])
    lines += _resolution(document.get("resolution"))
    return "\n".join(lines).rstrip() + "\n"


def plain(text: Any) -> str:
    """Untrusted text (a check's detail quoting a server) as literal Markdown, HTML escaped."""
    return for_markdown(str(text))


def cell(text: Any) -> str:
    """Plain text made safe for one Markdown table cell."""
    value = plain(text).replace("|", "\\|")
    return "<br>".join(part.strip() for part in value.splitlines()) or " "


def code(text: Any) -> str:
    """Inline code, fenced with enough backticks for the text it holds."""
    value = for_terminal(str(text), single_line=True).replace("\\n", " ")
    fence = "`" * (_longest_backticks(value) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("Z", " UTC")


def _clock(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%H:%M:%S")


def _header(document: dict[str, Any]) -> list[str]:
    session = document["session"]
    resolution = document.get("resolution")
    lines = [
        f"# {TOOL_NAME} session: {session['flow_title']}",
        "",
        "| | |",
        "|---|---|",
        f"| Flow | {cell(session['flow_title'])} ({code(session['flow'])}) |",
        f"| Date | {cell(_when(session['started']))} |",
        f"| Tool version | {cell(TOOL_NAME + ' ' + session['tool_version'])} |",
        f"| Provider | {cell(session.get('provider') or 'not detected')} |",
        f"| Status | {cell(session['status'])} (last node {code(session['last_node'])}) |",
        f"| Session | {code(session['id'])} |",
    ]
    if isinstance(session.get("demo"), dict):
        lines.append(f"| Demo | {_demo_verdict(session, resolution)} |")
    if document.get("redaction", {}).get("pii_masked"):
        lines.append(
            "| Redaction | e-mail addresses and user names replaced by pseudonyms "
            "(`[email 1]`, `[user 1]`) |"
        )
    lines.append("")
    if resolution:
        lines += [f"**Diagnosis:** {resolution['title']}", ""]
    lines.append(
        "Tokens appear as their decoded header and claims with a fingerprint; "
        "their signatures, and all secrets, are left out."
    )
    lines.append("")
    return lines


def _demo_verdict(session: dict[str, Any], resolution: dict[str, Any] | None) -> str:
    """A demo session's scenario (its world ran on this machine) and its verdict: the
    diagnosis the scenario was built for, and whether the walk reached it."""
    demo = session["demo"]
    said = (
        f"scenario {code(demo.get('scenario', ''))}, a world on this machine; "
        f"expected “{cell(demo.get('expected_title', ''))}”"
    )
    if session.get("status") != "resolved":
        return f"{said} — not reached yet"
    if session.get("last_node") == demo.get("expected"):
        return f"{said} — reached it"
    reached = (resolution or {}).get("title") or session.get("last_node", "")
    return f"{said} — reached “{cell(reached)}” instead"


def _conversation(
    events: list[dict[str, Any]], superseded: set[int], *, final_path: bool
) -> list[str]:
    lines = ["## Conversation", ""]
    if final_path and superseded:
        lines += ["*Steps taken back during the session are left out.*", ""]
    quoting = False
    said: set[tuple[str, str, str]] = set()  # the check findings already on the path
    titles = _check_titles(events)
    for index, event in enumerate(events):
        if index not in superseded:
            quoting = False
            lines += _event_lines(event, titles, repeated=_repeats(event, said))
            continue
        if final_path:
            continue
        if not quoting:
            lines += ["> **Superseded:** these steps were taken back; the path goes on below.", ">"]
            quoting = True
        # A blockquote keeps the taken-back steps apart, readable, and out of the path.
        lines += [f"> {line}" if line else ">" for line in _event_lines(event, titles)]
    if quoting:
        lines.append("")
    return lines


def finding(result: dict[str, Any], key: Any) -> tuple[str, str, str]:
    """What a check said: the same check with the same status and detail says the same."""
    return (str(result.get("id") or key), str(result["status"]), str(result.get("detail", "")))


def _repeats(event: dict[str, Any], said: set[tuple[str, str, str]]) -> bool:
    """A check result the path has already shown, word for word (an error is always shown:
    it is worth retrying)."""
    if event["kind"] != "check_result":
        return False
    result = event["data"]["result"]
    if result["status"] == Status.ERROR:
        return False
    found = finding(result, event["data"]["key"])
    if found in said:
        return True
    said.add(found)
    return False


def _check_titles(events: list[dict[str, Any]]) -> dict[str, str]:
    """Each check key's title, as its result gave it: the reader's name for the check."""
    titles: dict[str, str] = {}
    for event in events:
        if event["kind"] == "check_result":
            title = str(event["data"]["result"].get("title") or "").strip()
            if title:
                titles.setdefault(str(event["data"]["key"]), title)
    return titles


def _running(keys: list[Any], titles: dict[str, str]) -> str:
    """The checks a step started, by title (their ids are in the checks table); a check
    that never gave a result (cancelled) by its key."""
    return ", ".join(plain(titles[str(key)]) if str(key) in titles else code(key) for key in keys)


def _event_lines(
    event: dict[str, Any], titles: dict[str, str] | None = None, *, repeated: bool = False
) -> list[str]:
    data, at = event["data"], _clock(event["at"])
    match event["kind"]:
        case "flow_entered":
            return [f"### {data.get('title', event['flow'])} ({code(event['flow'])})", ""]
        case "said":
            return [f"`{at}` **wizard:** {data['text']}", ""]
        case "asked" if "fact" in data:
            return [f"`{at}` **wizard asks:** {data['prompt']}", ""]
        case "answered" if "fact" in data and data.get("source"):
            found = f"{code(data['fact'])} = {code(data['value'])} ({plain(data['source'])})"
            return [f"`{at}` **wizard uses:** {found}", ""]
        case "answered" if "fact" in data and data.get("skipped"):
            return [f"`{at}` **you:** *skipped* ({code(data['fact'])})", ""]
        case "answered" if "fact" in data:
            return [f"`{at}` **you:** {code(data['fact'])} = {code(data['value'])}", ""]
        case "answered":
            return [f"`{at}` **you:** {data.get('label', data.get('choice', ''))}", ""]
        case "checks_started":
            names = _running(data.get("checks", []), titles or {})
            return [f"`{at}` *running checks: {names}*", ""]
        case "check_result":
            result = data["result"]
            status = Status(result["status"])
            line = (
                f"- {SYMBOLS[status]} {_titled(result, result.get('id'), data['key'])} ({status}): "
            )
            if repeated:
                return [line + "the same result as above.", ""]
            line += plain(result["detail"])
            extra = (
                _fix_lines("  - fix: ", str(result["fix"]), len("  - "))
                if result.get("fix") and status in (Status.WARN, Status.FAIL, Status.ERROR)
                else []
            )
            return [line, *extra, ""]
        case "checks_cancelled":
            return [f"`{at}` *checks cancelled*", ""]
        case "resolved":
            return [f"`{at}` **diagnosis:** {data['title']}", ""]
        case "went_back":
            return [f"`{at}` *went back one step*", ""]
        case "restarted":
            return [f"`{at}` *restarted the flow*", ""]
        case "resumed":
            return [f"`{at}` *resumed the saved session*", ""]
        case "error":
            return [f"`{at}` **the flow cannot go on:** {data.get('reason', '')}", ""]
    return []


def _checks(checks: list[dict[str, Any]]) -> list[str]:
    if not checks:
        return []
    lines = [
        "## Checks",
        "",
        "| Status | Check | Detail | What to do |",
        "|---|---|---|---|",
    ]
    # A check run again under another name with the same finding is one row, both names in it.
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for check in checks:
        rows.setdefault(finding(check["result"], check["id"]), []).append(check)
    for same in rows.values():
        check, result = same[0], same[0]["result"]
        status = Status(result["status"])
        names = [check["id"], *(c["key"] for c in same)]
        lines.append(
            f"| {SYMBOLS[status]} {status} | {_titled(result, *names)} "
            f"| {cell(result['detail'])} "
            f"| {_fix_cell(str(result.get('fix') or ''))} |"
        )
    lines.append("")
    return lines


def _fix_lines(lead: str, fix: str, indent: int) -> list[str]:
    """A fix as list-item lines: its first line after `lead`; the lines after it (a config
    entry to paste) as a fenced block inside the item, as written, indentation kept.

    `indent` is the content column of the list item `lead` begins, so the block stays in it.
    """
    first, _, entry = fix.partition("\n")
    lines = [f"{lead}{plain(first)}"]
    entry = for_terminal(entry.rstrip())
    if entry.strip():
        pad = " " * indent
        fence = "`" * max(3, _longest_backticks(entry) + 1)
        body = [f"{pad}{line}" if line.strip() else "" for line in entry.splitlines()]
        lines += ["", f"{pad}{fence}", *body, f"{pad}{fence}"]
    return lines


def _fix_cell(fix: str) -> str:
    """A fix in a table cell, which cannot hold an entry to paste: its first line, and where
    the entry is."""
    first, _, entry = fix.partition("\n")
    if not entry.strip():
        return cell(fix)
    first = first.rstrip().removesuffix(":")
    return cell(f"{first} (the lines are shown with this check in the conversation).")


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def _titled(result: dict[str, Any], *names: Any) -> str:
    """A check as a reader knows it: its title, with its id and keys beside it for the tools.

    Each name is its own code span, the catalog's id first, so each can be searched for alone.
    """
    ids = dict.fromkeys(str(name) for name in names if name)
    title = str(result.get("title") or "").strip()
    ids_code = ", ".join(code(name) for name in ids)
    return f"{cell(title)} ({ids_code})" if title else ids_code


def _facts(facts: dict[str, dict[str, Any]]) -> list[str]:
    if not facts:
        return []
    lines = ["## Facts", "", "| Fact | Value | From |", "|---|---|---|"]
    for name, fact in facts.items():
        value = fact.get("value", fact.get("shown", ""))
        source = SOURCES.get(fact["source"], fact["source"])
        lines.append(f"| {cell(name)} | {cell(value)} | {cell(source)} |")
    lines.append("")
    return lines


def _tokens(facts: dict[str, dict[str, Any]]) -> list[str]:
    # The same token held under two names (token and access_token) is shown once.
    names: dict[str, list[str]] = {}
    views: dict[str, dict[str, Any]] = {}
    for name, fact in facts.items():
        view = fact.get("token")
        if view:
            mark = str(view.get("fingerprint", name))
            names.setdefault(mark, []).append(name)
            views.setdefault(mark, view)
    if not views:
        return []
    lines = ["## Tokens", ""]
    for mark, view in views.items():
        held = ", ".join(code(name) for name in names[mark])
        lines += [f"### {held}: {view.get('format', 'unknown')}, {code(mark)}", ""]
        for part in ("header", "claims"):
            if part in view:
                lines += [
                    f"{part.capitalize()}:",
                    "",
                    "```json",
                    # Claims are the token maker's words: no control or bidi mark reaches
                    # the ticket (JSON escapes C0 itself; C1 and bidi it would keep).
                    for_terminal(
                        json.dumps(view[part], indent=2, ensure_ascii=False, sort_keys=True)
                    ),
                    "```",
                    "",
                ]
    return lines


def _resolution(resolution: dict[str, Any] | None) -> list[str]:
    if not resolution:
        return ["## Resolution", "", "The session has not reached a diagnosis yet.", ""]
    lines = ["## Resolution", "", f"### {resolution['title']}", ""]
    if resolution.get("explanation"):
        lines += [str(resolution["explanation"]), ""]
    evidence = resolution.get("evidence") or []
    if evidence:
        lines += ["What it rests on:", ""]
        lines += [_evidence_item(item) for item in evidence]
        lines.append("")
    steps = resolution.get("steps") or []
    if steps:
        lines += ["Fix steps:", ""]
        lines += [f"{n}. {step}" for n, step in enumerate(steps, start=1)]
        lines.append("")
    refs = resolution.get("refs") or []
    if refs:
        lines += ["References:", ""]
        lines += [f"- <{ref}>" for ref in refs]
        lines.append("")
    also = resolution.get("also_found") or []
    if also:
        lines += ["Also found (fix these too, in this order):", ""]
        lines += [_also_item(n, item) for n, item in enumerate(also, start=1)]
        lines.append("")
    return lines


def _also_item(number: int, item: dict[str, Any]) -> str:
    """'1. fail Token lifetime (`token.lifetime`) (id_token): ... Fix: ...', the check's words
    escaped."""
    on = f" ({plain(str(item['token']))})" if item.get("token") else ""
    check = {"title": item.get("title")}
    head = f"{number}. {item.get('status', '')} {_titled(check, item.get('id', ''))}{on}"
    said = f"{head}: {plain(str(item.get('detail', '')))}"
    if not item.get("fix"):
        return said
    return "\n".join(_fix_lines(f"{said} Fix: ", str(item["fix"]), len(f"{number}. ")))


def _evidence_item(item: dict[str, Any]) -> str:
    """'- verified: Token signature: ...' with the check's words escaped (they quote tokens)."""
    verdict, status = str(item.get("verdict", "")), item.get("status")
    shown = f" ({status})" if status and verdict != "verified" else ""
    title = plain(str(item.get("title", item.get("key", ""))))
    return f"- {verdict}: {title}{shown}: {plain(str(item.get('detail', '')))}"
