"""The conversation as plain text lines: what `wizard run` prints as the session goes."""

from __future__ import annotations

from wizard.core.vocab.events import Event
from wizard.core.vocab.result import STATUS_SYMBOLS, Status


def event_lines(event: Event) -> list[str]:
    """The lines one event contributes to a plain-text conversation (maybe none)."""
    data = event.data
    match event.kind:
        case "flow_entered":
            return [f"== {data.get('title', event.flow)} [{event.flow}]"]
        case "said":
            return [
                f"wizard: {line}" if i == 0 else f"        {line}"
                for i, line in enumerate(str(data["text"]).splitlines())
            ]
        case "asked" if "fact" in data:
            return [f"wizard asks: {data['prompt']} [{data['fact']}]"]
        case "answered" if "fact" in data:
            return [f"you: {data['fact']} = {data['value']}"]
        case "answered":
            return [f"you: {data['label']}"]
        case "check_result":
            result = data["result"]
            symbol = STATUS_SYMBOLS[Status(result["status"])]
            lines = [f"  {symbol} {data['key']} ({result['status']}): {result['detail']}"]
            if result.get("fix") and result["status"] in ("warn", "fail", "error"):
                lines.append(f"      fix: {result['fix']}")
            return lines
        case "checks_cancelled":
            return ["  (checks cancelled)"]
        case "resolved":
            lines = [
                "",
                f"== Diagnosis: {data['title']} [{data['resolution']}]",
                str(data["explanation"]),
            ]
            lines += [f"  {_evidence_line(item)}" for item in data.get("evidence", [])]
            lines += [f"  {n}. {step}" for n, step in enumerate(data["steps"], start=1)]
            lines += [f"  see: {ref}" for ref in data.get("refs", [])]
            also = data.get("also_found") or []
            if also:
                lines += ["", "Also found (fix these too, in this order):"]
                lines += [f"  {n}. {also_line(item)}" for n, item in enumerate(also, start=1)]
            return lines
        case "went_back":
            return ["(back)"]
        case "restarted":
            return ["(restarted)"]
        case "resumed":
            return [f"(resumed a saved session at node '{event.node}' of flow '{event.flow}')"]
        case "error":
            return [f"wizard: this flow cannot go on: {data['reason']}"]
    return []


def also_line(item: dict) -> str:
    """'✗ token.lifetime (id_token): The token expired ... Fix: Get a fresh token ...'."""
    symbol = STATUS_SYMBOLS[Status(item.get("status", "fail"))]
    on = f" ({item['token']})" if item.get("token") else ""
    fix = f" Fix: {item['fix']}" if item.get("fix") else ""
    return f"{symbol} {item.get('id', '')}{on}: {item.get('detail', '')}{fix}"


def _evidence_line(item: dict) -> str:
    """'verified: Token signature: ...' / 'not verified: Token signature (skip): ...'."""
    verdict, status = item.get("verdict", ""), item.get("status")
    shown = f" ({status})" if status and verdict != "verified" else ""
    return f"{verdict}: {item.get('title', item.get('key', ''))}{shown}: {item.get('detail', '')}"
