"""Times as exports write them: local times without a zone read in the machine's zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from reader.core.annotations import iso_utc, parse_iso

_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def zone_named(name: str) -> tzinfo:
    """The time zone `--timezone` names: an IANA name such as Europe/Lisbon, UTC, or a fixed
    offset such as +05:30 or UTC-8."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if offset := _OFFSET.fullmatch(name.strip()):
        sign, hours, minutes = offset.group(1), int(offset.group(2)), int(offset.group(3) or 0)
        if hours > 14 or minutes > 59:
            raise ValueError(f"the offset {name!r} is not one a clock can have (-12:00 to +14:00)")
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; give an IANA name such as Europe/Lisbon, or an "
            "offset such as +05:30"
        ) from None


@lru_cache(maxsize=8192)
def local_to_utc(moment: datetime, zone: tzinfo | None) -> str:
    """An ISO UTC time for a wall-clock time read in `zone` (None: this machine's zone);
    cached: a clipping's time is asked for as its made, changed and note times."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return iso_utc(moment)


def iso_utc_of(value: str) -> str:
    """An ISO 8601 time with a zone, as ISO UTC; "" when it is not one."""
    moment = parse_iso(value)
    return iso_utc(moment) if moment is not None and moment.tzinfo is not None else ""
