"""Block ids: eight hex digits of a highlight's id, as before, and never two alike in a note
(ids that share their first eight digits gave 10,000 highlights one `^hl-00000000`)."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from reader.core.export import block_id, to_markdown
from reader.core.export.block_ids import unique_block_ids
from reader.core.export.keep import KEEP_END, KEEP_START
from tests.core.export.test_markdown import EXPORTED, _annotation, _group


def _sharing(count: int) -> list:  # type: ignore[type-arg]
    """Highlights whose ids differ only in their last digits (as an import's may)."""
    return [
        replace(
            _annotation(number + 1, f"Quote {number}."), id=f"00000000-0000-4000-8000-{number:012x}"
        )
        for number in range(count)
    ]


def test_ids_sharing_their_first_digits_get_block_ids_of_their_own() -> None:
    """Each highlight gets a block id of its own; one with a head of its own keeps its eight
    digits (links to it keep working), and the note says each once."""
    sharing = _sharing(50)
    alone = _annotation(7, "Alone.")
    note = to_markdown(_group([*sharing, alone]), EXPORTED)
    ids = [line for line in note.splitlines() if line.startswith("^hl-")]
    assert len(ids) == 51 == len(set(ids))
    assert f"^{block_id(alone)}" in ids and block_id(alone) == "hl-00000007"
    assert all(len(line) > len("^hl-00000000") for line in ids if line != f"^{block_id(alone)}")


def test_text_kept_under_a_longer_block_id_survives_a_reexport() -> None:
    """What the reader wrote under a highlight with a longer block id stays under it."""
    sharing = _sharing(3)
    ids = unique_block_ids(sharing)
    second = ids[sharing[1].id]
    note = to_markdown(_group(sharing), EXPORTED)
    note = note.replace(
        f"^{second}\n\n**yellow**",
        f"^{second}\n\n**yellow**\n\n{KEEP_START}\nMine, on the second.\n{KEEP_END}",
    )
    again = to_markdown(_group(sharing), EXPORTED, previous=note)
    under = again.split(f"^{second}\n", 1)[1].split("^hl-", 1)[0]
    assert "Mine, on the second." in under and again.count("Mine, on the second.") == 1


@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=30, unique=True))
def test_block_ids_are_unique_for_any_ids(idents: list[str]) -> None:
    """Whatever the ids (URLs, spaces, ids apart only in case), no two block ids are alike,
    and each is `hl-` and hex digits."""
    items = [replace(_annotation(1, "Q."), id=ident) for ident in idents]
    found = unique_block_ids(items)
    assert len(set(found.values())) == len(idents)
    assert all(re.fullmatch(r"hl-[0-9a-f]{8,64}", value) for value in found.values())
