"""Property-based tests: the loader, canonical text, anchoring and the store against a model."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from reader.core.anchoring import AnchorStatus, make_target, resolve
from reader.core.annotations import AnnotationSession, Change, Color, Outcome
from reader.core.articles import Article, ArticleError, Block, BlockKind, parse_article, text_hash
from reader.core.articles.text import _UNSAFE_CHARACTERS
from reader.core.store import AnnotationStore

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(data=st.binary(max_size=2048), kind=st.sampled_from(["text", "markdown", "html"]))
def test_any_bytes_load_or_fail_clearly(data: bytes, kind: str) -> None:
    """Arbitrary bytes either load as a clean article or raise the documented ArticleError."""
    try:
        article = parse_article(data, kind)
    except ArticleError as error:
        assert "\n" not in str(error)
        return
    assert article.text.strip()
    assert not _UNSAFE_CHARACTERS.search(article.text.replace("\n", ""))
    previous_end = -1
    for index, block in enumerate(article.blocks):
        assert previous_end < block.start < block.end <= len(article.text)
        piece = article.text[block.start : block.end]
        assert piece.strip() and piece == article.text[block.start : block.end]
        last = block.start
        for start, end in article.sentences_in_block(index):
            assert last <= start < end <= block.end
            last = end
        previous_end = block.end


@FAST
@given(text=st.text(max_size=600))
def test_plain_text_offsets_map_back(text: str) -> None:
    """Every block's offsets cut exactly its words out of the canonical text, in order."""
    try:
        article = parse_article(text.encode("utf-8"), "text")
    except ArticleError:
        return
    words = " ".join(article.text[block.start : block.end] for block in article.blocks).split()
    assert words == article.text.split()


WORDS = st.lists(
    st.sampled_from(
        [
            "the",
            "sea",
            "rock",
            "pool",
            "tide",
            "star",
            "shell",
            "kelp",
            "wave",
            "sand",
            "crab",
            "moss",
            "salt",
            "reef",
            "gull",
            "foam",
            "drift",
        ]
    ),
    min_size=60,
    max_size=160,
)


@FAST
@given(words=WORDS, data=st.data())
def test_unchanged_text_resolves_exact(words: list[str], data: st.DataObject) -> None:
    """On the text it was made on, an anchor always resolves exact to the same range."""
    text = " ".join(words)
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 1, min(len(text), start + 80)))
    assume(text[start:end].strip())
    target = make_target(text, start, end, text_hash(text))
    anchor = resolve(target, text, text_hash(text))
    assert (anchor.status, anchor.start, anchor.end) == (AnchorStatus.EXACT, start, end)


@FAST
@given(words=WORDS, data=st.data())
def test_edits_outside_keep_the_quote(words: list[str], data: st.DataObject) -> None:
    """After random edits away from a distinctive quote, it stays exact or moved on the
    same words."""
    numbered = [f"{word}{index}" for index, word in enumerate(words)]  # every word unique
    text = " ".join(numbered)
    first = data.draw(st.integers(10, len(numbered) - 20))
    count = data.draw(st.integers(3, 8))
    quote = " ".join(numbered[first : first + count])
    start = text.index(quote)
    target = make_target(text, start, start + len(quote), text_hash(text))
    edited = numbered[:]
    for _ in range(data.draw(st.integers(1, 4))):
        # Edits land at least a few words away from the quote, before or after it.
        before = data.draw(st.booleans())
        position = (
            data.draw(st.integers(0, max(0, first - 6)))
            if before
            else data.draw(st.integers(min(len(edited), first + count + 6), len(edited)))
        )
        if (
            data.draw(st.booleans())
            and 0 <= position < len(edited)
            and position not in range(first - 5, first + count + 5)
        ):
            del edited[position]
            if position < first:
                first -= 1
        else:
            edited.insert(position, data.draw(st.sampled_from(["new", "inserted", "words here"])))
            if position <= first:
                first += 1
    changed = " ".join(edited)
    anchor = resolve(target, changed, text_hash(changed))
    assert anchor.status in (AnchorStatus.EXACT, AnchorStatus.MOVED)
    assert changed[anchor.start : anchor.end] == quote


SESSION_TEXT = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
SESSION_ARTICLE = Article(SESSION_TEXT, (Block(BlockKind.PARAGRAPH, 0, len(SESSION_TEXT)),), "t")


class StoreAgainstModel(RuleBasedStateMachine):
    """Random highlights, colours, notes, deletes, undos and redos through the session, each
    saved with `store.apply`: the store always holds what the session shows, and undoing
    everything leaves nothing."""

    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.store = AnnotationStore.in_memory()
        self.session = AnnotationSession(SESSION_ARTICLE)
        self.session.load([])

    def _save(self, outcome: Outcome) -> None:
        if isinstance(outcome, Change):
            self.store.apply(outcome)

    @rule(target=ids, start=st.integers(0, 60), color=st.sampled_from(list(Color)))
    def add(self, start: int, color: Color) -> str:
        outcome = self.session.highlight(start, start + 6, color)
        self._save(outcome)
        if isinstance(outcome, Change) and outcome.after is not None:
            return outcome.after.id
        return "none"

    @rule(annotation_id=ids, color=st.sampled_from(list(Color)))
    def recolor(self, annotation_id: str, color: Color) -> None:
        self._save(self.session.recolor(annotation_id, color))

    @rule(annotation_id=ids, note=st.sampled_from(["", "a note", "another"]))
    def write_note(self, annotation_id: str, note: str) -> None:
        self._save(self.session.set_note(annotation_id, note))

    @rule(annotation_id=ids)
    def delete(self, annotation_id: str) -> None:
        self._save(self.session.delete(annotation_id))

    @rule()
    def undo(self) -> None:
        self._save(self.session.undo())

    @rule()
    def redo(self) -> None:
        self._save(self.session.redo())

    @invariant()
    def store_equals_session(self) -> None:
        stored = {item.id: item for item in self.store.annotations()}
        shown = {item.id: item for item in self.session.annotations}
        assert stored.keys() == shown.keys()
        for key, item in shown.items():
            assert (stored[key].color, stored[key].note, stored[key].tags) == (
                item.color,
                item.note,
                item.tags,
            )

    def teardown(self) -> None:
        while isinstance(outcome := self.session.undo(), Change):
            self._save(outcome)
        assert self.store.annotations() == [] and len(self.session) == 0


TestStoreAgainstModel = StoreAgainstModel.TestCase
TestStoreAgainstModel.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)


# Structures that grow a document's cost: nesting, repetition, aliases, long lines.
_PIECES = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<p>",
        "<blockquote>",
        "> ",
        "- ",
        "  ",
        "*",
        "&amp;",
        "&#xD800;",
        "\n",
        "\n\n",
        "word ",
        "---\n",
        "a: &x [1]\n",
        "b: [*x, *x]\n",
        "\x1b]52;",
        "\ud800",
    ]
)


@FAST
@given(
    pieces=st.lists(_PIECES, max_size=400),
    repeat=st.integers(1, 50),
    kind=st.sampled_from(["text", "markdown", "html"]),
)
def test_hostile_structure_loads_in_bounded_memory(
    pieces: list[str], repeat: int, kind: str
) -> None:
    """Nesting, repetition, aliases and stray surrogates: an article or a clear refusal, with
    memory in proportion to the input (a 388-byte alias bomb once needed gigabytes)."""
    import contextlib
    import signal
    import tracemalloc

    data = ("".join(pieces) * repeat).encode("utf-8", "surrogatepass")

    def hung(*args: object) -> None:
        raise AssertionError("loading did not finish within 20 s")

    # The first load may import and cache what a format needs: the second is measured.
    with contextlib.suppress(ArticleError):
        parse_article(data, kind)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # a hang detector, not a speed target
    tracemalloc.start()
    try:
        try:
            article = parse_article(data, kind)
        except ArticleError as error:
            assert "\n" not in str(error)
        else:
            article.text.encode("utf-8")  # valid text, storable
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert peak < 2_000_000 + 400 * len(data), f"{peak} bytes for {len(data)} bytes of input"


_VOCABULARY_TEXT = (
    "harbour ferry morning crew deck rope engine island village market fog lamp keeper winter"
    " storm bridge station ticket captain passenger cabin window coast lighthouse evening north"
    " south river valley mountain field orchard baker bread letter house garden school teacher"
    " child stone wall road apple basket candle dinner eagle fabric glacier hammer igloo jacket"
    " kettle ladder meadow needle oyster pepper quarry ribbon saddle tunnel umbrella velvet"
    " wagon yacht zebra anchor blanket cellar desert feather goblet hollow insect jungle kitten"
    " lemon mirror nectar olive pillow quiver rocket silver timber uniform violin walnut"
)
VOCABULARY = _VOCABULARY_TEXT.split()
PROSE = st.permutations(VOCABULARY)
"""Prose-like text with no passage in it twice: every word of the vocabulary once."""


@FAST
@given(words=PROSE, data=st.data())
def test_a_deleted_passage_never_lands_on_a_planted_look_alike(
    words: list[str], data: st.DataObject
) -> None:
    """A highlighted passage is cut, and a copy of it with words changed is put elsewhere,
    among other words: the highlight is an orphan, never attached to the copy."""
    first = data.draw(st.integers(20, len(words) - 30))
    count = data.draw(st.integers(4, 10))
    passage = words[first : first + count]
    text = " ".join(words)
    start = len(" ".join(words[:first])) + 1
    quote = " ".join(passage)
    target = make_target(text, start, start + len(quote), text_hash(text))
    # A look-alike, not the passage lightly edited: a quarter of its words (two at least)
    # changed. (A long passage 0.95 alike is, by design, the same passage moved.)
    look_alike = passage[:]
    changed = data.draw(st.sets(st.integers(0, count - 1), min_size=max(2, count // 4)))
    for index in changed:
        look_alike[index] = data.draw(
            st.sampled_from(["green", "seventeen", "quietly", "copper", "beneath"])
        )
    rest = words[:first] + words[first + count :]
    where = data.draw(st.sampled_from([0, len(rest) // 4, len(rest) - 1, len(rest)]))
    assume(abs(where - first) > 12)  # planted where the passage was, it is the passage edited
    edited = " ".join(rest[:where] + look_alike + rest[where:])
    # The passage is gone: no three of its words in a row are still in the text elsewhere.
    remaining = " ".join(rest)
    assume(not any(" ".join(passage[i : i + 3]) in remaining for i in range(count - 2)))
    anchor = resolve(target, edited, text_hash(edited))
    assert anchor.is_orphan, (edited[anchor.start : anchor.end], anchor)
