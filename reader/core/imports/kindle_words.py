"""The words Kindle firmware writes in `My Clippings.txt`, by language: one table, read by the
parser (new languages are new rows, not new code). Typos are the devices' own."""

from __future__ import annotations

import re

KINDS: dict[str, tuple[str, ...]] = {
    "highlight": (
        "highlight", "destaque", "subrayado", "resaltado", "markierung", "surlignement",
        "evidenziazione", "markering", "выделение", "标注", "標註", "ハイライト", "하이라이트",
        "zvýraznění", "podświetlenie", "vurgu", "clip",
    ),
    "note": (
        "note", "nota", "notiz", "notitie", "anteckning", "заметка", "笔记", "筆記", "メモ",
        "메모", "poznámka", "notatka", "not",
    ),
    "bookmark": (
        "bookmark", "marcador", "lesezeichen", "signet", "segnalibro", "bladwijzer",
        "bokmärke", "закладка", "书签", "書籤", "ブックマーク", "북마크", "záložka", "zakładka",
        "yer imi",
    ),
}  # fmt: skip
"""What each kind of clipping is called (matched as a whole word, any case)."""

PAGE_WORDS = (
    "page", "página", "pagina", "seite", "pag.", "sida", "страница", "странице", "strana",
    "strona", "sayfa", "ページ", "페이지",
)  # fmt: skip
LOCATION_WORDS = (
    "location", "loc.", "posição", "posicao", "posición", "posicion", "position", "posizione",
    "positie", "locatie", "plats", "позиция", "позиции", "pozice", "pozycja", "konum", "位置",
    "位置no.", "위치", "emplacement",
)  # fmt: skip
ADDED_WORDS = (
    "added on", "adicionado:", "adicionado em", "añadido el", "agregado el", "hinzugefügt am",
    "ajouté le", "aggiunto il", "aggiunto in data", "toegevoegd op", "tillagd", "добавлено:",
    "добавлено", "添加于", "添加於", "追加日:", "作成日:", "추가됨:", "přidáno:", "dodano:",
    "eklenme tarihi:", "added",
)  # fmt: skip
"""What comes before the date in a header's last part."""

MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "januari februari mars april maj juni juli augusti september oktober november december",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ledna února března dubna května června července srpna září října listopadu prosince",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
):
    for _number, _name in enumerate(_names.split(), start=1):
        MONTHS.setdefault(_name, _number)
MONTHS["setiembre"] = 9

AFTERNOON = ("pm", "p.m.", "下午", "午後", "오후", "晚上")
MORNING = ("am", "a.m.", "上午", "午前", "오전", "凌晨", "早上")
UTC_NAMES = ("greenwich mean time", "gmt", "utc", "coordinated universal time")

LIMIT_STUB = re.compile(
    r"\s*<[^<>]*(?:limit|límite|limite|grenze|上限|限制|предел|ограничени)[^<>]*>\s*",
    re.IGNORECASE,
)
"""A clipping-limit stub: what Kindle writes instead of the text of a protected book."""


def word_pattern(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first, each as a whole word where it is one."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        latin = not any(ord(character) >= 0x2E80 for character in word)  # CJK has no spaces
        parts.append(rf"(?<!\w){escaped}(?!\w)" if latin and word[-1].isalnum() else escaped)
    return "|".join(parts)
