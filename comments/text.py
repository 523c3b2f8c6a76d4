"""Pure text helpers: invisible-character stripping, Arabic normalization, term and link finding."""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

CONFUSABLES_FILE = Path(__file__).parent / "data" / "confusables.txt"

# Bidi_Control code points, then zero-width and other default-ignorable format characters.
# Variation selectors are kept for display (emoji presentation) but ignored when matching.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_INVISIBLE = (
    0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x200D,
    *range(0x2060, 0x2066), *range(0x206A, 0x2070), 0x3164, 0xFEFF, 0xFFA0,
    *range(0xFFF9, 0xFFFC), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B),
    *range(0xE0000, 0xE0100), *range(0xE01F0, 0xE1000),
)  # fmt: skip
_SELECTORS = (*range(0x180B, 0x180E), 0x180F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
CONTROL_CHARS = frozenset(map(chr, _BIDI + _INVISIBLE))

_STRIP_TABLE = dict.fromkeys(_BIDI + _INVISIBLE)
_IGNORE_TABLE = dict.fromkeys(_BIDI + _INVISIBLE + _SELECTORS)
_ARABIC_RANGES = (range(0x0610, 0x0700), range(0x0750, 0x0780), range(0x0870, 0x0900))
_ARABIC_MARKS = tuple(
    cp for block in _ARABIC_RANGES for cp in block if unicodedata.category(chr(cp)) == "Mn"
)
_LETTER_FOLDS = {
    "ا": "أإآٱٲٳ",
    "ي": "ىی",
    "ه": "ةۃھہە",
    "ك": "ک",
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_MATCH_TABLE = (
    _IGNORE_TABLE
    | dict.fromkeys((*_ARABIC_MARKS, 0x0640))
    | {ord(src): dst for dst, sources in _LETTER_FOLDS.items() for src in sources}
    | _DIGITS
)
_WHITESPACE = re.compile(r"\s+")


def _char_class(codepoints: Iterable[int]) -> str:
    """Return a regex class of codepoints (consecutive ones written as a range)."""
    ranges, ordered = [], sorted(codepoints)
    start = previous = ordered[0]
    for cp in [*ordered[1:], None]:
        if cp != previous + 1:
            ranges.append(
                re.escape(chr(start)) + (f"-{re.escape(chr(previous))}" * (previous > start))
            )
            start = cp
        previous = cp
    return f"[{''.join(ranges)}]"


# str.translate looks every non-ASCII character up in its table, about 0.1 µs each; these tables
# touch few characters of a text, which a regular expression finds ten times faster.
_IGNORED = re.compile(_char_class(_IGNORE_TABLE))
_MATCH_FOUND = re.compile(_char_class(_MATCH_TABLE))
_MATCH_REPLACEMENT = {chr(cp): to or "" for cp, to in _MATCH_TABLE.items()}


def _match_fold(text: str) -> str:
    """Return text.translate(_MATCH_TABLE), faster."""
    return _MATCH_FOUND.sub(lambda found: _MATCH_REPLACEMENT[found[0]], text)


# Typing tricks beyond UTS #39 that readers use to dress a name up as a staff name.
_LOOKALIKE_EXTRAS = {"i": "l", "|": "l", "@": "a", "$": "s", "3": "e", "4": "a", "7": "t"}


ZWNJ, ZWJ = "\u200c", "\u200d"
_STRIP_BUT_JOINERS_TABLE = {cp: None for cp in _STRIP_TABLE if chr(cp) not in (ZWNJ, ZWJ)}
_ARABIC_SCRIPT = (
    range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x08A0, 0x0900),
    range(0xFB50, 0xFE00), range(0xFE70, 0xFF00),
)  # fmt: skip
_PICTOGRAPHS = (
    range(0x2300, 0x2400),
    range(0x2600, 0x27C0),
    range(0x2B00, 0x2C00),
    range(0x1F000, 0x1FB00),
)
EMOJI_PRESENTATION = "\ufe0f"


def strip_invisible(text: str) -> str:
    """Remove bidi controls and zero-width or other invisible format characters.

    The two joiners stay where they join (joiner_joins): ZWNJ between letters of the Arabic
    script, where Persian and Urdu spell with it (می‌خواهم), and ZWJ inside an emoji sequence
    (👩‍💻 is one picture). Anywhere else they only hide things. Matching ignores them anyway.
    """
    if ZWNJ not in text and ZWJ not in text:
        return text.translate(_STRIP_TABLE)
    text = text.translate(_STRIP_BUT_JOINERS_TABLE)
    last = len(text) - 1
    return "".join(
        ch
        for i, ch in enumerate(text)
        if ch not in (ZWNJ, ZWJ) or (0 < i < last and joiner_joins(text[i - 1], ch, text[i + 1]))
    )


def joiner_joins(before: str, joiner: str, after: str) -> bool:
    """Whether a joiner between these two characters does its job (see strip_invisible)."""
    if joiner == ZWNJ:
        return _arabic_letter(before) and _arabic_letter(after)
    if joiner == ZWJ:
        return (before == EMOJI_PRESENTATION or _pictograph(before)) and _pictograph(after)
    return False  # any other control joins nothing


def _arabic_letter(ch: str) -> bool:
    in_script = any(ord(ch) in block for block in _ARABIC_SCRIPT)
    return in_script and unicodedata.category(ch)[0] in "LM"


def _pictograph(ch: str) -> bool:
    return any(ord(ch) in block for block in _PICTOGRAPHS)


# Unicode's Stream-Safe Text Format (UAX #15) allows 30 combining marks in a row; past that,
# normalizing sorts a run of marks in time quadratic in its length.
MAX_MARKS_IN_A_ROW = 30
_LAST_NON_STARTER = 0x20000  # none at or above this (tests hold it for the running Unicode)


def _is_non_starter(ch: str) -> bool:
    """Whether ch, once decomposed, starts with a combining mark (U+FF9E does, for one)."""
    if unicodedata.combining(ch):
        return True
    return bool(unicodedata.decomposition(ch)) and bool(
        unicodedata.combining(unicodedata.normalize("NFKD", ch)[0])
    )


def _non_starters(first: int, last: int) -> list[int]:
    return [cp for cp in range(first, last) if _is_non_starter(chr(cp))]


@lru_cache(maxsize=2)
def _marks_run(*, astral: bool = True) -> re.Pattern[str]:
    """Match a run of more combining marks (non-starters) than the stream-safe format allows;
    without `astral`, of those below U+10000 only."""
    marks = _non_starters(0, _LAST_NON_STARTER if astral else 0x10000)
    return re.compile(f"{_char_class(marks)}{{{MAX_MARKS_IN_A_ROW + 1},}}")


@lru_cache(maxsize=1)
def _astral_marks_span() -> re.Pattern[str]:
    """Match a character in the span of the marks above U+FFFF (U+101FD to U+1E94A)."""
    astral = _non_starters(0x10000, _LAST_NON_STARTER)
    return re.compile(f"[{re.escape(chr(astral[0]))}-{re.escape(chr(astral[-1]))}]")


def _marks_run_for(text: str) -> re.Pattern[str]:
    """The regex engine looks a character class up in a table only when the whole class is
    below U+10000; the full class of marks is a list of ranges it scans at each character, ten
    times slower. A text with nothing in the span of the marks above U+FFFF (emoji lie past
    it) can only hold marks below it: the quick class finds the same runs."""
    return _marks_run(astral=bool(_astral_marks_span().search(text)))


def stream_safe(text: str) -> str:
    """Keep at most MAX_MARKS_IN_A_ROW combining marks in a row, so normalizing stays linear.

    Only matching and search text go through here: what a reader typed is stored as typed.
    """
    return _marks_run_for(text).sub(lambda run: run[0][:MAX_MARKS_IN_A_ROW], text)


def nfkc(text: str) -> str:
    """Return the stream-safe NFKC form of text (see stream_safe)."""
    return unicodedata.normalize("NFKC", stream_safe(text))


def spelled_out_length(text: str) -> int:
    """Return the length of text once NFKC spells out its ligatures and symbols (U+FDFA: 18)."""
    return len(nfkc(text))


def cut_to_length(text: str, limit: int) -> str:
    """Return the longest start of text that is at most limit characters, spelled out too."""
    text = text[:limit]
    if spelled_out_length(text) <= limit:
        return text
    fits, too_long = 0, len(text)  # spelled out, a longer start is never shorter
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if spelled_out_length(text[:middle]) <= limit:
            fits = middle
        else:
            too_long = middle
    return text[:fits]


def normalize_arabic(text: str) -> str:
    """Fold text for matching only: NFKC, no marks or tatweel, one alef/yeh/heh, ASCII digits."""
    text = nfkc(_IGNORED.sub("", text))
    # Dropping tatweel can join two runs of marks, hence stream-safe again before the second pass.
    text = _match_fold(text).casefold()
    # Removing a mark can bring a base letter next to a mark it now composes with.
    text = nfkc(text)
    return " ".join(text.split())  # _WHITESPACE.sub(" ", text).strip(), faster


@lru_cache(maxsize=1)
def _confusables() -> dict[int, str]:
    """Load the look-alike table: one 'SOURCE ; TARGET' line of hex code points per entry."""
    table: dict[int, str] = {}
    for line in CONFUSABLES_FILE.read_text(encoding="utf-8").splitlines():
        data = line.partition("#")[0].strip()
        if data:
            source, target = (part.split() for part in data.split(";"))
            table[int(source[0], 16)] = "".join(chr(int(cp, 16)) for cp in target)
    return table | {ord(src): dst for src, dst in _LOOKALIKE_EXTRAS.items()}


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", stream_safe(text)).replace("\u0640", "")
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Me"))


def _fold(text: str, table: dict[int, str]) -> str:
    # Map once before casefolding, since some capitals (Cyrillic М) only look alike uppercase.
    text = _without_marks(text.translate(_IGNORE_TABLE)).translate(table)
    text = _without_marks(normalize_arabic(text)).translate(table)
    return _WHITESPACE.sub(" ", text).strip()


def fold_confusables(text: str) -> str:
    """Return the look-alike skeleton of normalized text, for comparing names."""
    return _fold(text, _confusables())


class _WordChars(dict[int, int | str]):
    """Translation table keeping letters, numbers and marks, turning anything else into a space."""

    limit = 20_000  # bounds the memory a flood of rare code points can take

    def __missing__(self, codepoint: int) -> int | str:
        kept = codepoint if unicodedata.category(chr(codepoint))[0] in "LNM" else " "
        if len(self) < self.limit:
            self[codepoint] = kept
        return kept


_WORD_CHARS = _WordChars()


def tokenize(text: str) -> list[str]:
    """Split normalized text into words of letters, numbers and marks."""
    return _words_of_folded(normalize_arabic(text))


def _words_of_folded(folded: str) -> list[str]:
    return folded.translate(_WORD_CHARS).split()


def _build_prefixes() -> tuple[str, ...]:
    """Return the attached proclitics: conjunction, then preposition, then the article."""
    found = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for article in ("", "ال"):
                # ل before ال drops the alef: ل + الكلب -> للكلب.
                found.add(conj + ("لل" if prep == "ل" and article else prep + article))
    found.discard("")
    return tuple(sorted(found, key=len, reverse=True))


PROCLITICS = _build_prefixes()
MIN_STEM = 2


def candidate_stems(token: str) -> Iterator[str]:
    """Yield token and what remains after each attached proclitic it starts with."""
    yield token
    for prefix in PROCLITICS:
        stem = token[len(prefix) :]
        if token.startswith(prefix) and len(stem) >= MIN_STEM:
            yield stem
            if prefix.endswith("لل"):
                yield "ال" + stem


def search_text(text: str) -> str:
    """Return the folded text, then the forms its words take without their attached proclitics.

    Stored as Comment.body_normalized, which only searches read: a search for مدير or المدير
    then finds والمدير, whether it matches words (PostgreSQL's index) or substrings (SQLite).
    """
    folded = normalize_arabic(text)
    tokens = _words_of_folded(folded)  # tokenize(text), without folding twice
    stems = {stem for token in tokens for stem in candidate_stems(token)} - set(tokens)
    return " ".join([folded, *sorted(stems)]) if stems else folded


class TermMatcher:
    """Find which listed words or phrases occur in a text as whole (normalized) words."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(terms)
        self._index: dict[tuple[str, ...], list[int]] = {}
        for position, term in enumerate(self.terms):
            words = tuple(tokenize(term))
            if words:
                self._index.setdefault(words, []).append(position)
        self._lengths = sorted({len(words) for words in self._index})

    def _positions_at(self, tokens: list[str], start: int) -> Iterator[int]:
        for stem in candidate_stems(tokens[start]):
            for length in self._lengths:
                key = (stem, *tokens[start + 1 : start + length])
                if len(key) == length:
                    yield from self._index.get(key, ())

    def find(self, text: str) -> list[str]:
        """Return the listed terms found in text, once each, in list order."""
        tokens = tokenize(text)
        positions = {p for start in range(len(tokens)) for p in self._positions_at(tokens, start)}
        return list(dict.fromkeys(self.terms[p] for p in sorted(positions)))


@lru_cache(maxsize=32)
def term_matcher(terms: tuple[str, ...]) -> TermMatcher:
    """Return a cached matcher for this exact tuple of terms."""
    return TermMatcher(terms)


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """Return which of terms occur in text as whole words, in list order."""
    return term_matcher(tuple(terms)).find(text)


_D = "0-9\u0660-\u0669\u06f0-\u06f9"
_TLDS = (
    "com|net|org|info|biz|xyz|top|online|site|shop|store|app|dev|link|club|live|pro|vip|win|bet"
    "|casino|porn|sex|xxx|click|icu|buzz|fun|space|website|tech|news|blog|cloud|email|page|asia"
    "|mobi|name|tel|travel|jobs|cam|bid|loan|work|one|gov|edu|int|mil|lol|rest|bar|cfd|sbs"
    "|quest|monster|cyou|bond|example|[a-z]{2}"
)
_LINK = re.compile(
    rf"""
    (?<![a-z0-9._%+-])(?P<email>[a-z0-9._%+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?:https?|ftp)://(?:[^\s/@]*@)?(?P<url_host>[\w.-]+)\S*
    | (?:whatsapp|tg)://\S+
    | (?<![a-z0-9.])(?P<www_host>www\.[\w.-]+)\S*
    | (?<![a-z0-9_.@/-])(?P<bare_host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS}))
      (?![a-z0-9_-])(?:/\S*)?
    | (?<![a-z0-9_.+@-])@[a-z0-9_][a-z0-9_.]*[a-z0-9_]
    | (?<![{_D}a-z_])(?P<phone>\+?(?:\([{_D}]+\)[ \u00a0-]?)?[{_D}]+(?:[ \u00a0-][{_D}]+)*)
      (?![{_D}a-z_])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DIGIT_RUN = re.compile(rf"[{_D}]+")
_HOST_GROUPS = ("url_host", "www_host", "bare_host")


def _looks_like_date_or_years(groups: list[str]) -> bool:
    """Tell whether digit groups read as a date (2024-01-31, 31-01-2024) or years (1990-2000)."""
    sizes = [len(group) for group in groups]
    if sizes in ([4, 2, 2], [4, 1, 2], [4, 2, 1], [4, 1, 1]):
        return True
    if len(sizes) == 3 and max(sizes[:2]) <= 2 and sizes[2] == 4:
        return True
    return sizes == [4, 4] and all(group[:2] in ("19", "20") for group in groups)


def _is_phone(number: str) -> bool:
    groups = [group.translate(_DIGITS) for group in _DIGIT_RUN.findall(number)]
    return sum(map(len, groups)) >= 7 and not _looks_like_date_or_years(groups)


def _links(text: str) -> Iterator[re.Match[str]]:
    """Yield each URL, domain, phone number or handle, skipping emails and short numbers."""
    text = nfkc(strip_invisible(text))
    for match in _LINK.finditer(text):
        if match["email"] or (match["phone"] and not _is_phone(match["phone"])):
            continue
        yield match


def count_links(text: str) -> int:
    """Count URLs, bare domains, phone numbers, WhatsApp/Telegram links and @handles."""
    return sum(1 for _ in _links(text))


def extract_domains(text: str) -> set[str]:
    """Return the lowercased hostnames of the URLs and bare domains in text."""
    hosts = set()
    for match in _links(text):
        host = next((match[name] for name in _HOST_GROUPS if match[name]), None)
        if host and (host := host.strip(".-").lower()):
            hosts.add(host)
    return hosts


def normalize_email(email: str) -> str:
    """Return the address in the one form we store and look up (lower case, no spaces).

    Every way in (the form, the API, the importers, the admin) stores this form, so lookups by
    email are exact and served by comment_email_idx.
    """
    return email.strip().lower()
