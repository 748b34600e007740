"""No wrong attachments: a highlight stays on its words or says honestly that it lost them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reader.core.anchoring import (
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    make_target,
    resolve,
)
from reader.core.annotations import Annotation
from reader.core.articles import load_article
from reader.core.export import dumps, parse_import, to_collection
from reader.core.library import Library, import_annotations
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE

SENTENCE = "Three were released from custody and one was still in custody."


def test_a_position_is_trusted_only_where_the_text_is_the_quote() -> None:
    """A matching hash with a position whose text is not the quote is not "exact" there."""
    article = load_article(AP_ARTICLE)
    target = Target(
        TextQuoteSelector("no such words here"), TextPositionSelector(0, 18), article.hash
    )
    assert resolve(target, article.text, article.hash).is_orphan


def test_an_orphan_survives_a_backup_round_trip_as_an_orphan(tmp_path: Path) -> None:
    """Export an orphan, import it into a fresh database: still an orphan with its quote,
    prefix and suffix (it came back `exact` 1.0 on the article's first characters)."""
    path = tmp_path / "ap.txt"
    shutil.copy(AP_ARTICLE, path)
    library = Library(AnnotationStore.open(tmp_path / "one.json"))
    article = library.open(path)
    start = article.text.index(SENTENCE)
    library.store.add(
        Annotation(
            "00000000-0000-4000-8000-000000000001",
            article.id,
            make_target(article.text, start, start + len(SENTENCE), article.hash),
            note="kept",
        )
    )
    path.write_text(AP_ARTICLE.read_text().replace(SENTENCE, ""))  # the passage is cut
    exported = dumps(to_collection(library.collect()))
    [item] = json.loads(exported)["first"]["items"]
    assert item["reader:anchor"]["status"] == "orphan"
    fresh = AnnotationStore.open(tmp_path / "two.json")
    import_annotations(fresh, parse_import(exported), tmp_path, [path])
    [back] = Library(fresh).collect()[0].annotations
    assert back.resolution is not None and back.resolution.anchor.is_orphan
    assert back.quote == SENTENCE and back.note == "kept"
    quote = item["target"]["selector"][0]
    assert (back.resolution.prefix, back.resolution.suffix) == (quote["prefix"], quote["suffix"])


def test_a_quote_only_import_matched_approximately_says_so(tmp_path: Path) -> None:
    """A quote found only approximately is stored and reported fuzzy, with its score."""
    path = tmp_path / "ap.txt"
    shutil.copy(AP_ARTICLE, path)
    store = AnnotationStore.open(tmp_path / "db.json")
    changed = SENTENCE.replace("released", "relased")
    items = [
        {
            "target": {
                "source": "ap.txt",
                "selector": {"type": "TextQuoteSelector", "exact": changed},
            }
        }
    ]
    import_annotations(store, parse_import(json.dumps(items)), tmp_path, [path])
    [annotation] = store.annotations()
    assert annotation.resolution is not None
    assert annotation.resolution.anchor.status is AnchorStatus.FUZZY
    assert annotation.resolution.anchor.score < 1.0


def test_context_cut_off_by_the_start_of_the_text_is_no_mismatch() -> None:
    """A prefix longer than the text before the match does not orphan it; a place whose
    context really matches still wins over one at the very start."""
    text = "years later the same words came back, years later"
    quote = TextQuoteSelector("years later", prefix="It happened many ", suffix=" the same")
    found = resolve(Target(quote, TextPositionSelector(99, 110), ""), text, "")
    assert (found.start, found.end) == (0, 11)
    repeated = "a a a b a a a c"
    both = TextQuoteSelector("a a a", prefix="b ", suffix=" c")
    found = resolve(Target(both, TextPositionSelector(0, 5), ""), repeated, "")
    assert found.start == 8


def test_a_refrain_whose_copy_was_cut_is_not_a_confident_move() -> None:
    """A line that the article repeats; the author cuts the annotated copy: the highlight may
    land on the surviving copy only as fuzzy, with a score that says its context is gone."""
    refrain = "We shall not be moved, not today."
    first = "The crowd began to sing in the square. "
    second = "Hours later, in the rain by the river, they sang it once again. "
    text = first + refrain + " " + second + refrain + " And then it was quiet."
    start = text.rindex(refrain)
    target = make_target(text, start, start + len(refrain), "")
    edited = first + refrain + " " + second + "And then it was quiet."
    anchor = resolve(target, edited, "")
    assert anchor.status is AnchorStatus.FUZZY and anchor.score < 0.8


def test_scores_say_how_well_the_context_agrees() -> None:
    """Exact words among the same words score near 1; among other words, clearly less."""
    text = "one two three four five six seven eight nine ten eleven twelve"
    target = make_target(text, 14, 24, "")  # "four five "
    moved = "zero " + text
    same = resolve(target, moved, "")
    assert same.status is AnchorStatus.MOVED and same.score > 0.95
    other = "x" * 40 + " four five " + "y" * 40
    changed = resolve(Target(target.quote, target.position, ""), other, "")
    assert changed.is_orphan or changed.score < 0.8


def test_a_passage_edited_twice_is_followed_from_its_last_place() -> None:
    """Found (fuzzy) after one edit, it is still found after a second edit of the same sentence
    that also changed both its neighbours, because it is looked for as it was last found (it
    is an orphan when compared with the first version only); it stays fuzzy."""
    from dataclasses import replace

    from reader.core.annotations import resolution_for
    from reader.core.articles import parse_article

    sentence = "Farmers along the river planted barley early this spring, hoping for rain."
    first_edit = "Farmers along the valley planted wheat early this summer, hoping for rain."
    second_edit = "Farmers along the valley planted wheat early this summer, praying for rain."
    before = "Opening words of the article.\n\n{}\n\nClosing words of the article."
    after = "New first words entirely here.\n\n{}\n\nSomething else at the end now."
    original = parse_article(before.format(sentence).encode(), "text")
    start = original.text.index(sentence)
    annotation = Annotation(
        "00000000-0000-4000-8000-0000000000ee",
        original.id,
        make_target(original.text, start, start + len(sentence), original.hash),
    )
    first = resolution_for(annotation, parse_article(before.format(first_edit).encode(), "text"))
    assert first.anchor.status is AnchorStatus.FUZZY
    twice = parse_article(after.format(second_edit).encode(), "text")
    assert resolve(annotation.target, twice.text, twice.hash).is_orphan  # from the first version
    second = resolution_for(replace(annotation, resolution=first), twice)
    assert second.anchor.status is AnchorStatus.FUZZY
    assert twice.text[second.anchor.start : second.anchor.end] == second_edit
    assert second.anchor.score <= first.anchor.score


def test_a_long_passage_nearly_unchanged_survives_new_neighbours() -> None:
    """A paragraph moved among new neighbours and lightly trimmed is the same passage."""
    passage = "The harbour master kept a log of every ship that came in after dark that winter"
    text = "First old paragraph.\n\n" + passage + ".\n\nLast old paragraph."
    start = text.index(passage)
    target = make_target(text, start, start + len(passage), "")
    edited = "Brand new opening.\n\n" + passage.replace("every ship", "each ship") + ".\n\nNew end."
    anchor = resolve(target, edited, "")
    assert anchor.status is AnchorStatus.FUZZY
    assert edited[anchor.start : anchor.end].startswith("The harbour master kept")


def test_a_cut_quote_is_not_replaced_by_the_words_that_followed_it() -> None:
    """When the highlighted words are cut, what followed them moves up into their place and
    may look alike (here: numbered words); those neighbours never stand in for the quote."""
    words = [f"the{number}" for number in range(30)]
    text = " ".join(words)
    quote = " ".join(words[10:14])
    start = text.index(quote)
    target = make_target(text, start, start + len(quote), "")
    edited = " ".join(words[:10] + words[14:])
    assert resolve(target, edited, "").is_orphan


def test_a_look_alike_at_the_edge_of_the_text_needs_the_context_it_has() -> None:
    """A passage cut, a copy with two words changed put at the very start: there is no text
    before it to compare with the stored prefix, and that absence (neither for nor against)
    never makes up for a suffix that disagrees. It was attached fuzzy 0.744."""
    line = (
        "harbour mountain morning crew deck rope engine island village market fog lamp keeper"
        " winter storm bridge station ticket field passenger south window coast lighthouse"
        " evening north cabin river valley house captain orchard baker bread letter ferry garden"
        " school teacher child stone wall road apple basket candle dinner eagle fabric glacier"
    )
    words = line.split()
    passage = words[20:29]
    text = " ".join(words)
    quote = " ".join(passage)
    start = text.index(quote)
    target = make_target(text, start, start + len(quote), "")
    rest = words[:20] + words[29:]
    edited = " ".join(["green", "green", *passage[2:], *rest])
    assert resolve(target, edited, "").is_orphan
    # The same copy followed by the passage's own neighbours is the passage, edited.
    edited = " ".join(words[:20] + ["green", "green", *passage[2:]] + words[29:])
    found = resolve(target, edited, "")
    assert found.status is AnchorStatus.FUZZY
    assert edited[found.start : found.end].endswith(" ".join(passage[2:]))


def test_a_repeated_long_quote_among_new_words_is_kept_for_review_nearest_its_place() -> None:
    """A long quote that is still in the text, twice, both copies among new words: it is not
    lost (an orphan) but attached for review, fuzzy, on the copy nearest where it was, with a
    score that says the context is gone. (Hypothesis's own baseline: a Wikipedia heading.)"""
    heading = "Regression testing in practice"
    text = (
        f"Intro words here. {heading} begins the page. "
        + "Filler sentence number one. " * 10
        + f"Another part. {heading} and what it means here."
    )
    start = text.rindex(heading)
    target = make_target(text, start, start + len(heading), "")
    edited = (
        f"New opening lines. {heading} starts it now. "
        + "Different text entirely. " * 12
        + f"A new ending. {heading} closes it all."
    )
    anchor = resolve(target, edited, "")
    assert anchor.status is AnchorStatus.FUZZY and anchor.score < 0.8
    assert (anchor.start, anchor.end) == (edited.rindex(heading), edited.rindex(heading) + 30)


def test_a_repeated_quote_with_nothing_to_tell_its_copies_apart_is_not_attached() -> None:
    """A quote with no context and no known place (an import from an app that keeps neither)
    that occurs twice is attached to neither copy: nothing says which one was meant."""
    text = "The sea was grey. We walked on. The sea was calm by noon."
    unplaced = Target(TextQuoteSelector("The sea"), TextPositionSelector(0, 0), "")
    assert resolve(unplaced, text).is_orphan
    once = Target(TextQuoteSelector("calm by noon"), TextPositionSelector(0, 0), "")
    assert (resolve(once, text).start, resolve(once, text).end) == (44, 56)
    # Once placed, its place is known: after an edit it follows the copy nearest it.
    placed = Target(TextQuoteSelector("The sea"), TextPositionSelector(32, 39), "")
    edited = "Now. " + text
    found = resolve(placed, edited)
    assert (found.start, edited[found.start : found.end]) == (37, "The sea")


def test_a_quote_that_was_a_whole_block_goes_to_the_copy_that_is_one() -> None:
    """A page's heading, quoted by Hypothesis with only the page's boilerplate around it
    (which extraction dropped): of its copies, the one that is a whole block is the heading,
    not the first words of the paragraph after it."""
    text = "Regression testing\n\nRegression testing is a type of software testing.\n"
    quote = TextQuoteSelector(
        "Regression testing",
        "\t\n\t\t\n\t\t\t",
        "\n\t\t\t\t\tFrom Wikipedia, the free encyclopedia",
    )
    found = resolve(Target(quote, TextPositionSelector(2000, 2000), ""), text)
    assert (found.start, found.end) == (0, 18) and not found.is_orphan
    # Inside a paragraph in its page, it is not put on the heading on that ground.
    inline = TextQuoteSelector("Regression testing", "See ", " for more")
    assert resolve(Target(inline, TextPositionSelector(2000, 2000), ""), text).start == 20


def test_an_unplaced_quote_with_no_context_is_found_exactly_or_not_at_all() -> None:
    """An import that keeps neither context nor place: "the green proposal" is never put on
    "the red proposal"; straight and curly quotation marks are one."""
    text = "The committee decided that the red proposal should be adopted. Don’t wait, it said."
    green = Target(
        TextQuoteSelector("that the green proposal should be adopted"), TextPositionSelector(0, 0)
    )
    assert resolve(green, text).is_orphan
    curly = Target(TextQuoteSelector("Don't wait, it said."), TextPositionSelector(0, 0))
    found = resolve(curly, text)
    assert text[found.start : found.end] == "Don’t wait, it said."
