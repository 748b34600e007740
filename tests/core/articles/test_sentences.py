"""Sentence boundaries, on the seed articles and on abbreviation edge cases."""

from __future__ import annotations

import pytest

from reader.core.articles import load_article, sentences
from tests.conftest import AP_ARTICLE, NR_ARTICLE


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences.split(text)]


def test_ap_caption_keeps_abbreviations_inside_sentences() -> None:
    """'Feb. 26, 2018', 'U.S. Immigration' and the photo credit stay inside their sentences."""
    article = load_article(AP_ARTICLE)
    caption = [article.text[start:end] for start, end in article.sentences_in_block(1)]
    assert caption == [
        "FILE – In this Feb. 26, 2018 file photo, a banner to welcome immigrants is viewed through a"
        " fisheye lens over the main entrance to the Denver City and County Building inDenver.",
        "U.S. Immigration and Customs Enforcement has subpoenaed Denver law enforcement for"
        " information on four foreign nationals wanted for deportation and could expand the unusual"
        " practice to other cities, an escalation of the conflict between federal officials and"
        " so-called sanctuary cities.",
        "And if the city officials don’t respond, ICE, the Homeland Security agency responsible for"
        " arresting and deporting people in the U.S. illegally, could take the subpoena to a federal"
        " judge who can order compliance, and find them in contempt. (AP Photo/David Zalubowski, File)",
    ]


def test_every_seed_sentence_boundary_is_plausible() -> None:
    """No sentence in either seed ends on a known abbreviation or starts in lower case."""
    for path in (AP_ARTICLE, NR_ARTICLE):
        article = load_article(path)
        for index in range(len(article.blocks)):
            for start, end in article.sentences_in_block(index):
                sentence = article.text[start:end]
                assert sentence == sentence.strip()
                assert not sentence[:1].islower(), sentence
                for abbreviation in ("U.S.", "Feb.", "Sept.", "D.C."):
                    assert not (sentence.endswith(abbreviation) and end < article.blocks[index].end)


def test_quotes_close_sentences() -> None:
    """A full stop inside closing quotes ends the sentence with the quote mark."""
    assert _sentences("He said “we are done.” Then he left.") == [
        "He said “we are done.”",
        "Then he left.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith met Mr. Jones. They talked.", ["Dr. Smith met Mr. Jones.", "They talked."]),
        ("It was J. R. R. Tolkien. Yes.", ["It was J. R. R. Tolkien.", "Yes."]),
        ("Over 3.5 million. Then 4.", ["Over 3.5 million.", "Then 4."]),
        ("Really?! Yes. no split here", ["Really?!", "Yes. no split here"]),
        ("Wait… What now?", ["Wait…", "What now?"]),
        ("  padded.  ", ["padded."]),
        ("", []),
    ],
)
def test_split_cases(text: str, expected: list[str]) -> None:
    """Abbreviations, initials, decimals and ellipses are handled; ranges are trimmed."""
    assert _sentences(text) == expected


def test_sentences_are_computed_per_block_on_demand() -> None:
    """Only the blocks asked for are segmented."""
    article = load_article(AP_ARTICLE)
    article.sentences_in_block(3)
    assert set(article._sentence_cache) == {3}
