"""Reading the times validators, headers and logs write, as seconds since the epoch (UTC)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)[T ](?P<time>\d\d:\d\d:\d\d)(?:[.,](?P<frac>\d{1,9}))?"
    r"\s*(?P<zone>Z|UTC|[+-]\d\d:?\d\d)?"
)
# IdentityModel prints DateTime in the server's culture; the invariant and US forms are common.
_US = re.compile(
    r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}) (?P<h>\d{1,2}):(?P<mi>\d\d):(?P<s>\d\d)"
    r"(?:\s*(?P<ampm>AM|PM))?",
    re.IGNORECASE,
)


def parse_moment(text: str | None) -> float | None:
    """An ISO 8601, HTTP-date, US-style or epoch time as a timestamp; None when it is none.

    A time without a zone is taken as UTC: validators print UTC ("ValidTo (UTC)").
    """
    if not text:
        return None
    text = text.strip()
    if re.fullmatch(r"\d{9,11}(?:\.\d+)?", text):
        return float(text)
    iso = _ISO.search(text)
    if iso:
        return _iso(iso)
    us = _US.search(text)
    if us:
        return _us(us)
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _iso(match: re.Match[str]) -> float | None:
    zone = match["zone"] or "Z"
    zone = "+00:00" if zone in ("Z", "UTC") else zone
    if len(zone) == 5:
        zone = zone[:3] + ":" + zone[3:]
    frac = (match["frac"] or "0")[:6]
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['time']}.{frac:0<6}{zone}")
    except ValueError:
        return None
    return moment.timestamp()


def _us(match: re.Match[str]) -> float | None:
    hour = int(match["h"])
    ampm = (match["ampm"] or "").upper()
    if ampm == "PM" and hour < 12:
        hour += 12
    elif ampm == "AM" and hour == 12:
        hour = 0
    try:
        moment = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            hour,
            int(match["mi"]),
            int(match["s"]),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    return moment.timestamp()
