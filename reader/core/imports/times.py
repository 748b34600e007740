"""Times as exports write them: local times without a zone read in the machine's zone."""

from __future__ import annotations

from datetime import datetime, tzinfo

from reader.core.annotations import iso_utc


def zone_named(name: str) -> tzinfo:
    """The time zone `--timezone` names (an IANA name such as Europe/Lisbon, or UTC)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; give an IANA name such as Europe/Lisbon"
        ) from None


def local_to_utc(moment: datetime, zone: tzinfo | None) -> str:
    """An ISO UTC time for a wall-clock time read in `zone` (None: this machine's zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return iso_utc(moment)


def iso_utc_of(value: str) -> str:
    """An ISO 8601 time with a zone, as ISO UTC; "" when it is not one."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    return iso_utc(moment) if moment.tzinfo is not None else ""
