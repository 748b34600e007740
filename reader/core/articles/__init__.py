"""Articles: the model, loading files of every format into canonical text, and sentences."""

from reader.core.articles.loading import load_article, parse_article
from reader.core.articles.model import (
    ARTICLE_SUFFIXES,
    BLOCK_SEPARATOR,
    Article,
    ArticleError,
    Block,
    BlockKind,
    TextBuilder,
    article_id_for,
    text_hash,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "BLOCK_SEPARATOR",
    "Article",
    "ArticleError",
    "Block",
    "BlockKind",
    "TextBuilder",
    "article_id_for",
    "load_article",
    "parse_article",
    "text_hash",
]
