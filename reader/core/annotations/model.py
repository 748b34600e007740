"""The annotation model: a highlight's selectors, colour, note, tags, times and last place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from reader.core.anchoring import CONTEXT_LENGTH, Anchor, AnchorStatus, Target


class Color(StrEnum):
    """The four highlight colours; the UI maps each to a theme colour."""

    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"


def utc_now() -> datetime:
    """The current time in UTC (the store's default clock)."""
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """An ISO 8601 UTC timestamp with a `Z`, to the millisecond."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(value: object) -> datetime | None:
    """An ISO 8601 time (`Z` for UTC allowed) as a datetime; None for "" or one that is not."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def local_date(timestamp: str) -> str:
    """The local calendar day (YYYY-MM-DD) of an ISO timestamp; "" for none, as given if odd."""
    if not timestamp:
        return ""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp[:10]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date().isoformat()


def new_annotation_id() -> str:
    """A fresh annotation id (a UUID)."""
    import uuid  # not at start-up: importing uuid costs scripts that never make one

    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Resolution:
    """The last place an annotation was found, and the hash of the text it was found in."""

    text_hash: str
    anchor: Anchor
    quote: str
    """The text the anchor covered then: an orphan keeps its last known quote this way."""
    prefix: str = ""
    suffix: str = ""
    """The context around the quote then, so exports need not re-read unchanged files."""


def resolution_at(text: str, text_hash: str, anchor: Anchor) -> Resolution:
    """Where `anchor` (a placed one) sits in `text`: its quote and the context around it."""
    start, end = anchor.start, anchor.end
    return Resolution(
        text_hash,
        anchor,
        text[start:end],
        text[max(0, start - CONTEXT_LENGTH) : start],
        text[end : end + CONTEXT_LENGTH],
    )


@dataclass(frozen=True, slots=True)
class Agent:
    """Who made an annotation, as a W3C agent: an IRI, a kind (Person, Software, ...), names."""

    id: str = ""
    kind: str = ""
    name: str = ""
    nickname: str = ""


@dataclass(frozen=True, slots=True)
class FormerQuote:
    """A passage an annotation was attached to before a person moved or confirmed it."""

    exact: str
    prefix: str
    suffix: str
    text_hash: str
    until: str
    """When it stopped being the annotation's passage (ISO UTC)."""
    why: str
    """What replaced it: "accepted", "re-attached" or "detached"."""


FORMER_REASONS = ("accepted", "re-attached", "detached")
"""Every `FormerQuote.why`."""


@dataclass(frozen=True, slots=True)
class ImportFacts:
    """Where an imported annotation came from, and what its source app kept about it
    (location, page, chapter, original colour and style, the raw header and time)."""

    format: str
    """The app it came from: "kindle", "koreader", "hypothesis", "readwise"."""
    key: str
    """What identifies it there (its id is derived from this)."""
    facts: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str:
        """One fact by name; "" when the source did not give it."""
        return next((value for key, value in self.facts if key == name), "")


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight on an article: where it is, its colour, note and tags."""

    id: str
    article_id: str
    target: Target
    color: Color = Color.YELLOW
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    source_id: str = ""
    """The IRI the annotation was known by where it came from (exported as its id)."""
    creator: Agent | None = None
    """Who made it, when it came with a creator; else the owner of the library."""
    resolution: Resolution | None = field(default=None, compare=False)
    former: tuple[FormerQuote, ...] = ()
    """The passages it had before a person confirmed or moved it, oldest first."""
    imported: ImportFacts | None = None
    """Where it came from, when it was imported from another app."""

    @property
    def has_passage(self) -> bool:
        """False for a note on the whole article (detached, or imported without a quote)."""
        return bool(self.target.quote.exact.strip())

    @property
    def quote(self) -> str:
        """The best known quote: where it was last found, else as first made."""
        if self.resolution is not None and self.resolution.quote:
            return self.resolution.quote
        return self.target.quote.exact

    def anchor_for(self, text_hash: str) -> Anchor | None:
        """The stored anchor if it was resolved against this very text, else None."""
        if self.resolution is not None and self.resolution.text_hash == text_hash:
            return self.resolution.anchor
        return None

    @property
    def status(self) -> AnchorStatus | None:
        """How the annotation was last found, if it has been resolved."""
        return self.resolution.anchor.status if self.resolution is not None else None
