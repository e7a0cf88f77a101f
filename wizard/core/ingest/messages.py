"""Recognising validator, gateway and IdP messages in text: one table of rules, one matcher.

A rule keys on a stable stem (a literal the message always contains, lower-cased), so that a
multi-megabyte paste costs one substring search per rule; only where the stem occurs does the
rule's pattern run, on that line alone. Named groups that are fact names become facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from wizard.core.ingest.message_rule import MessageRule
from wizard.core.ingest.model import Finding

# Longer lines are cut before a pattern sees them: no message is this long, and it bounds work.
MAX_LINE_CHARS = 8 * 1024
MAX_LINES_PER_RULE = 200
# Values validators print in place of the real one (IdentityModel's PII hiding, old versions).
_HIDDEN = re.compile(r"^\[?PII\b|^System\.String$|^null$|^$", re.IGNORECASE)
# Envoy's access log writes RESPONSE_CODE_DETAILS with '_' for spaces.
# Facts that may hold several values; they are given back space-separated.
LIST_FACTS = frozenset({"token_audience", "audience", "audiences_also", "issuer", "token_issuer"})
# Go prints a set as map[a:{} b:{}] (oauth2-proxy's allowed audiences).
_GO_SET_KEYS = re.compile(r"([^\s:\[\]]+):\{\}")
_ENVOY_DETAIL = re.compile(r"jwt_authn_access_denied\{([^}\s]{1,200})\}")


@dataclass(frozen=True)
class MessageMatch:
    """One rule that matched: the rule, the line it matched on, and the facts it carries."""

    rule: MessageRule
    line: int
    facts: dict[str, str]

    @property
    def message_id(self) -> str:
        return self.rule.message_id

    @property
    def explanation(self) -> str:
        return self.rule.explain(self.facts)

    @property
    def check_ids(self) -> tuple[str, ...]:
        return self.rule.check_ids

    def finding(self, where: str) -> Finding:
        """This match as a finding of the evidence, placed at `where`."""
        rule = self.rule
        return Finding(
            rule.message_id,
            rule.family,
            rule.topic,
            self.explanation,
            rule.fix,
            rule.check_ids,
            where,
            rule.severity,
        )


def all_rules() -> tuple[MessageRule, ...]:
    """Every rule, most specific first (the first match decides the playbook)."""
    # Deferred: the tables are data the token-only paths never need.
    from wizard.core.ingest import table_gateways, table_idps, table_opensearch, table_validators

    return table_validators.RULES + table_gateways.RULES + table_idps.RULES + table_opensearch.RULES


def recognise_messages(text: str) -> list[MessageMatch]:
    """Every known message found in `text` (one line or many), in the order of the table."""
    lowered = text.lower()
    extra = _envoy_details(text)
    found: list[MessageMatch] = []
    for item in all_rules():
        if item.stem not in lowered and not any(item.stem in e.lower() for _n, e in extra):
            continue
        for number, line in _lines_with(text, lowered, item.stem, extra):
            match = item.pattern.search(line[:MAX_LINE_CHARS])
            if match:
                found.append(MessageMatch(item, number, _facts_of(match)))
                break
    return found


def _lines_with(
    text: str, lowered: str, stem: str, extra: list[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    """(line number, line) for each line holding `stem`, found without splitting all of `text`."""
    start = lowered.find(stem)
    seen = -1
    tried = 0
    # A pasted log may repeat a stem on every line; the first few are as good as all of them.
    while start != -1 and tried < MAX_LINES_PER_RULE:
        tried += 1
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        if line_start != seen:
            seen = line_start
            yield text.count("\n", 0, line_start) + 1, text[line_start:line_end]
        start = lowered.find(stem, line_end)
    for number, line in extra:
        if stem in line.lower():
            yield number, line


def _envoy_details(text: str) -> list[tuple[int, str]]:
    """Envoy access-log details with the spaces put back, each with its line number."""
    out = []
    for match in _ENVOY_DETAIL.finditer(text[: 4 * 1024 * 1024]):
        number = text.count("\n", 0, match.start()) + 1
        out.append((number, match.group(1).replace("_", " ")))
        if len(out) >= 50:
            break
    return out


def _facts_of(match: re.Match[str]) -> dict[str, str]:
    """The pattern's named groups that carry a value (hidden or placeholder values dropped)."""
    facts = {}
    for name, value in match.groupdict().items():
        if value is None:
            continue
        value = _plain(value) if name in LIST_FACTS else value.strip()
        if not _HIDDEN.match(value):
            facts[name] = value[:2048]
    return facts


def _plain(value: str) -> str:
    """A value as the message meant it: escaped quotes and Go's `map[a:{} b:{}]` undone."""
    value = value.replace('\\"', '"').strip()
    keys = _GO_SET_KEYS.findall(value)
    if keys:
        return " ".join(keys)
    items = [item.strip().strip("\"'") for item in value.split(",")]
    return " ".join(item for item in items if item)
