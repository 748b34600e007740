"""Annotations: the model, tags, history, filters, search, reading order, and the session."""

from reader.core.annotations.filters import AnnotationFilter, parse_since
from reader.core.annotations.groups import ArticleAnnotations
from reader.core.annotations.history import Change, History
from reader.core.annotations.model import (
    Agent,
    Annotation,
    Color,
    FormerQuote,
    ImportFacts,
    Resolution,
    iso_utc,
    local_date,
    new_annotation_id,
    parse_iso,
    resolution_at,
    utc_now,
)
from reader.core.annotations.ordering import in_reading_order, is_orphan, reading_key, start_of
from reader.core.annotations.placing import resolution_for
from reader.core.annotations.search import (
    MAX_MATCHES,
    FieldsTest,
    annotation_matcher,
    fields_matcher,
    find_all,
    pattern_for,
)
from reader.core.annotations.session import AnnotationSession, Outcome, Refused
from reader.core.annotations.spans import Match, Span, SpanIndex
from reader.core.annotations.summary import AnnotationSummary
from reader.core.annotations.tags import clean_tag, normalize_tags, tag_text

__all__ = [
    "AnnotationSummary",
    "Agent",
    "MAX_MATCHES",
    "Annotation",
    "AnnotationSession",
    "AnnotationFilter",
    "ArticleAnnotations",
    "Change",
    "Color",
    "FormerQuote",
    "ImportFacts",
    "History",
    "Match",
    "Outcome",
    "Refused",
    "Resolution",
    "Span",
    "SpanIndex",
    "annotation_matcher",
    "clean_tag",
    "find_all",
    "in_reading_order",
    "iso_utc",
    "parse_iso",
    "local_date",
    "new_annotation_id",
    "normalize_tags",
    "parse_since",
    "pattern_for",
    "is_orphan",
    "reading_key",
    "resolution_at",
    "resolution_for",
    "FieldsTest",
    "fields_matcher",
    "start_of",
    "tag_text",
    "utc_now",
]
