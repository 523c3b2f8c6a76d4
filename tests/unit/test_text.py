"""Text helpers: invisible characters, Arabic normalization, look-alikes, terms and links."""

import json
import random
import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comments import text
from comments.text import (
    CONTROL_CHARS,
    PROCLITICS,
    ZWJ,
    ZWNJ,
    TermMatcher,
    candidate_stems,
    count_links,
    extract_domains,
    find_terms,
    fold_confusables,
    joiner_joins,
    normalize_arabic,
    search_text,
    strip_invisible,
    tokenize,
)
from tests.shared_data import SHARED_DATA, shared_data

VECTORS_FILE = "arabic/normalization-test-vectors.json"
BIDI_FILE = "unicode/bidi-and-invisible-test-strings.json"
CONTROLS_FILE = "unicode/format-and-bidi-controls.json"
LDNOOBW_FILES = ("arabic/ldnoobw--ar.txt", "arabic/ldnoobw-v2--ar.txt")
FATHA, TATWEEL = "\u064e", "\u0640"


def _json_or_none(relative: str) -> dict | None:
    path = SHARED_DATA / relative
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _params(relative: str, key: str) -> list:
    """Parametrize over a shared JSON list, or one placeholder that skips or fails when absent."""
    data = _json_or_none(relative)
    if data is None:
        return [pytest.param(None, id="data-missing")]
    return [pytest.param(item, id=item.get("id", item.get("cp"))) for item in data[key]]


def _load_json(relative: str) -> dict:
    return json.loads(shared_data(relative).read_text(encoding="utf-8"))


def _arabic_entries(relative: str) -> list[str]:
    lines = shared_data(relative).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if any("\u0600" <= ch <= "\u06ff" for ch in line)]


# strip_invisible -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "control",
    list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + list("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
    ids=lambda ch: f"U+{ord(ch):04X}",
)
def test_strip_invisible_removes_bidi_and_zero_width_characters(control):
    assert strip_invisible(f"مرحبا{control} بكم{control}") == "مرحبا بكم"


def test_strip_invisible_keeps_arabic_text_whitespace_and_emoji_exactly():
    typed = "قالَ المُحرِّرُ:\tالسـلام عليكم\u00a0يا أصدقاء\n«١٢٣» ❤️ C++ ﷲ"
    assert strip_invisible(typed) == typed


def test_strip_invisible_removes_only_alm_from_the_arabic_block():
    block = "".join(chr(cp) for cp in range(0x0600, 0x0700))
    assert strip_invisible(block) == block.replace("\u061c", "")


def leaves_only_joiners_that_join(stripped: str) -> bool:
    return all(
        0 < i < len(stripped) - 1 and joiner_joins(stripped[i - 1], ch, stripped[i + 1])
        for i, ch in enumerate(stripped)
        if ch in CONTROL_CHARS
    )


JOINER_HEAVY = st.text(
    st.sampled_from(["\u200c", "\u200d", "\u200b", "\u202e", "\ufe0f", "م", "خ", "a", " "])
    | st.sampled_from(["👨", "👩", "❤", "🏳"])
)


@given(st.one_of(st.text(), JOINER_HEAVY))
def test_strip_invisible_is_idempotent_and_leaves_no_control_but_joiners_that_join(typed):
    stripped = strip_invisible(typed)
    assert strip_invisible(stripped) == stripped
    assert leaves_only_joiners_that_join(stripped)
    other_controls = CONTROL_CHARS - {ZWNJ, ZWJ}
    assert stripped.replace(ZWNJ, "").replace(ZWJ, "") == "".join(
        ch for ch in typed if ch not in CONTROL_CHARS
    )
    assert not other_controls & set(stripped)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian spells with ZWNJ
        ("علی\u200cرضا", "علی\u200cرضا"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # one picture, a family
        ("👁\ufe0f\u200d🗨\ufe0f", "👁\ufe0f\u200d🗨\ufe0f"),
        ("Ad\u200cmin", "Admin"),  # no orthography of Latin needs one
        ("مرحبا\u200c بكم", "مرحبا بكم"),  # next to a space it joins nothing
        ("نص\u200d", "نص"),
        ("\u200d👩", "👩"),
        ("👨\u200d\u200d👩", "👨👩"),
        ("م\u200b\u200cخ", "م\u200cخ"),  # judged once the other invisibles are gone
    ],
)
def test_joiners_stay_only_where_they_join(typed, kept):
    assert strip_invisible(typed) == kept


def test_only_the_two_joiners_can_join():
    assert joiner_joins("👨", ZWJ, "👩") and joiner_joins("م", ZWNJ, "خ")
    assert not any(joiner_joins("👨", control, "👩") for control in CONTROL_CHARS - {ZWJ, ZWNJ})


@pytest.mark.parametrize("entry", _params(CONTROLS_FILE, "bidi_controls"))
def test_every_bidi_control_in_the_unicode_list_is_stripped(entry):
    shared_data(CONTROLS_FILE)
    assert strip_invisible(f"a{entry['char']}b") == "ab"


@pytest.mark.parametrize("entry", _params(CONTROLS_FILE, "other_invisible_or_format"))
def test_default_ignorables_are_stripped_or_ignored_and_spaces_kept(entry):
    shared_data(CONTROLS_FILE)
    char, properties = entry["char"], entry["properties"]
    if "White_Space" in properties:
        assert strip_invisible(f"a{char}b") == f"a{char}b"
        assert normalize_arabic(f"a{char}b") == "a b"
    elif entry["name"].startswith("VARIATION SELECTOR"):
        assert strip_invisible(f"a{char}b") == f"a{char}b"  # kept: emoji presentation
        assert normalize_arabic(f"a{char}b") == "ab"
    else:
        assert strip_invisible(f"a{char}b") == "ab"


@pytest.mark.parametrize("case", _params(BIDI_FILE, "strings"))
def test_bidi_strings_lose_every_control_and_keep_every_visible_character(case):
    shared_data(BIDI_FILE)
    stripped = strip_invisible(case["text"])
    assert leaves_only_joiners_that_join(stripped)
    visible = "".join(ch for ch in case["text"] if unicodedata.category(ch) != "Cf")
    assert stripped.replace(ZWNJ, "").replace(ZWJ, "") == visible


# Bidi controls go, even the legitimate marks (issue 6 documents it); the letters stay. The
# joiners of Persian and of emoji sequences stay: they change the spelling or the picture.
LEGITIMATE_STRIPPED = {
    "isolates-balanced": "قال John Smith إن",
    "rlm-legitimate": "السعر 100$",
    "alm-legitimate": "١٢-٣",
    "lrm-legitimate": "C++ برمجة",
    "zwnj-persian-legitimate": "می\u200cخواهم",
    "zwj-emoji-legitimate": "👨\u200d👩\u200d👧",
}
EVASION_NORMALIZED = {
    "zwsp-word-split": "كلب",
    "zwnj-word-split-arabic": "غبي",
    "tatweel-evasion": "غبي",
    "harakat-evasion": "غبي",
    "soft-hyphen-split": "spam",
    "word-joiner-split": "spam",
    "bom-inside": "spam",
    "arabizi-digits": "7mar",  # Arabizi is matched through the Latin entries of the word lists
}


def test_bidi_strings_by_class():
    strings = {case["id"]: case for case in _load_json(BIDI_FILE)["strings"]}
    for case_id, expected in LEGITIMATE_STRIPPED.items():
        assert strings[case_id]["class"] == "legitimate"
        assert strip_invisible(strings[case_id]["text"]) == expected
    for case_id, expected in EVASION_NORMALIZED.items():
        assert strings[case_id]["class"] == "evasion"
        assert normalize_arabic(strings[case_id]["text"]) == expected
    assert normalize_arabic(strings["lro-in-arabic"]["text"]) == "مرحبا بالعالم"
    assert strip_invisible(strings["rli-unterminated"]["text"]) == "usernimda"
    assert extract_domains(strings["rlo-url"]["text"]) == {"example.com"}
    assert normalize_arabic(strings["mixed-digits-homoglyph"]["text"]) == "500"
    assert fold_confusables(strings["heh-o-homoglyph"]["text"]) == "google"


# normalize_arabic ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("ﻻ ﻣﺮﺣﺒﺎ ﷲ", "لا مرحبا الله"),  # NFKC presentation forms and ligatures
        ("ＮＥＷＳ ２٠٢٤", "news 2024"),  # NFKC full-width
        ("مُحَمَّدٌ", "محمد"),  # tashkeel
        ("هٰذا", "هذا"),  # superscript alef
        ("جـــمـيـل", "جميل"),  # tatweel
        ("أحمد إسلام آمن ٱلله", "احمد اسلام امن الله"),  # alef forms
        ("مستشفى على", "مستشفي علي"),  # alef maksura
        ("مدرسة جميلة", "مدرسه جميله"),  # teh marbuta
        ("علی کتاب", "علي كتاب"),  # Persian yeh and keheh
        ("كل\u200bب \u202eغبي\u202c", "كلب غبي"),  # zero-width and bidi controls
        ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),  # digits
        ("Straße NEWS", "strasse news"),  # Latin casefold
        ("  مرحبا \t\n  بكم  ", "مرحبا بكم"),  # whitespace
    ],
)
def test_normalize_arabic_step(typed, normalized):
    assert normalize_arabic(typed) == normalized


# The brief casefolds Latin, so this vector's "untouched" expectation is lowercased.
VECTOR_OVERRIDES = {"mixed-latin": "django 5 — جانغو"}


@pytest.mark.parametrize("vector", _params(VECTORS_FILE, "vectors"))
def test_normalization_vector(vector):
    shared_data(VECTORS_FILE)
    if vector.get("profile") == "fact":
        nfd = unicodedata.normalize("NFD", vector["input"])
        assert nfd == vector["expected_nfd"]
        assert normalize_arabic(nfd) == normalize_arabic(vector["input"]) == "ا"
        return
    expected = VECTOR_OVERRIDES.get(vector["id"], vector["expected"])
    assert normalize_arabic(vector["input"]) == expected
    assert normalize_arabic(expected) == expected


ARABIC_HEAVY = st.text(
    st.sampled_from(
        [chr(cp) for cp in range(0x0600, 0x0700)]
        + sorted(CONTROL_CHARS)
        + list("aAİßﬁ \t\n\u00a0\u0301\u0654\ufe0f\ufefbe١۵")
    )
)


@given(st.one_of(st.text(), ARABIC_HEAVY))
def test_normalize_arabic_is_idempotent(typed):
    once = normalize_arabic(typed)
    assert normalize_arabic(once) == once


def test_normalize_arabic_is_idempotent_on_every_arabic_and_latin_code_point():
    for cp in (*range(0x00A0, 0x0250), *range(0x0600, 0x0900), *range(0xFB50, 0xFF00)):
        once = normalize_arabic(chr(cp))
        assert normalize_arabic(once) == once, hex(cp)


# fold_confusables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spoof", "plain"),
    [
        ("Αdmin", "admin"),  # Greek capital alpha
        ("аdmin", "admin"),  # Cyrillic a
        ("АDМIN", "admin"),  # Cyrillic capitals A and M
        ("adm1n", "admin"),
        ("ADMlN", "admin"),
        ("m0derat0r", "moderator"),
        ("𝐚𝐝𝐦𝐢𝐧", "admin"),
        ("Ádmin", "admin"),
        ("ЅРАМ", "spam"),  # Cyrillic capitals dze, er, a, em
        ("gههgle", "google"),  # Arabic heh as o
        ("المُحـرر", "المحرر"),
        ("الإدارة", "الاداره"),
        ("ادمن", "أدمن"),
    ],
)
def test_fold_confusables_catches_look_alikes(spoof, plain):
    assert fold_confusables(spoof) == fold_confusables(plain)


@pytest.mark.parametrize(("one", "other"), [("احمد", "محمد"), ("sara", "sana"), ("admin", "adam")])
def test_fold_confusables_keeps_different_names_apart(one, other):
    assert fold_confusables(one) != fold_confusables(other)


def test_confusables_table_is_vendored_with_attribution_and_resolved():
    header = text.CONFUSABLES_FILE.read_text(encoding="utf-8")[:600]
    assert "UTS #39" in header and "Unicode License" in header
    for source, target in text._confusables().items():
        assert fold_confusables(target) == target, hex(source)
        assert fold_confusables(chr(source)) == target, hex(source)


@given(st.one_of(st.text(), ARABIC_HEAVY))
def test_fold_confusables_is_idempotent(typed):
    once = fold_confusables(typed)
    assert fold_confusables(once) == once


# tokenize and proclitics ---------------------------------------------------------------------


def test_tokenize_splits_on_anything_but_letters_numbers_and_marks():
    typed = "مرحباً، يا user_name! (كيف الحال؟) ٤٥-e.mail नमस्ते"
    words = ["مرحبا", "يا", "user", "name", "كيف", "الحال", "45", "e", "mail", "नमस्ते"]
    assert tokenize(typed) == words


def test_proclitic_set_is_the_conjunction_preposition_article_product():
    assert set(PROCLITICS) == {
        "و", "ف", "ب", "ك", "ل", "ال",
        "وب", "وك", "ول", "فب", "فك", "فل",
        "وال", "فال", "بال", "كال", "لل",
        "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
    }  # fmt: skip


def test_candidate_stems_restore_the_article_after_lam():
    assert {"كلب", "الكلب"} <= set(candidate_stems("للكلب"))
    assert {"كلب", "الكلب"} <= set(candidate_stems("والكلب"))
    assert "" not in set(candidate_stems("وال"))


# find_terms / TermMatcher --------------------------------------------------------------------


DOG_WRITTEN = [
    "كلب", "كَلْـب", "كـلـب", "وكلب", "فكلب", "بكلب", "ككلب", "لكلب", "الكلب", "والكلب",
    "فالكلب", "بالكلب", "كالكلب", "للكلب", "وبالكلب", "وللكلب", "فللكلب", "وَالكَلْب",
]  # fmt: skip


@pytest.mark.parametrize("written", DOG_WRITTEN)
def test_listed_word_matches_with_decorations_and_proclitics(written):
    assert find_terms(f"قال: يا {written}!", ["كلب"]) == ["كلب"]


@pytest.mark.parametrize("written", ["كلبي", "كلبة", "كلاب", "مكلب", "كلبها", "الكلبي", "كلبكلب"])
def test_longer_word_containing_the_listed_word_does_not_match(written):
    assert find_terms(f"قال: يا {written}!", ["كلب"]) == []


def test_listed_word_with_article_matches_after_proclitics_but_not_bare():
    for written in ("الكلب", "والكلب", "بالكلب", "للكلب", "فالكلب"):
        assert find_terms(written, ["الكلب"]) == ["الكلب"], written
    assert find_terms("كلب", ["الكلب"]) == []


def test_phrases_match_as_consecutive_whole_words():
    matcher = TermMatcher(["ابن كلب", "سوق الأسهم"])
    assert matcher.find("يا وابنُ كَلْب!") == ["ابن كلب"]
    assert matcher.find("ابن، كلب") == ["ابن كلب"]
    assert matcher.find("ابن كلبي") == []
    assert matcher.find("انهيار في سوق الاسهم اليوم") == ["سوق الأسهم"]
    assert matcher.find("سوق السمك والأسهم") == []


def test_matcher_returns_original_terms_once_in_list_order():
    matcher = TermMatcher(["spam", "كلب", "", "!!", "SPAM", "كلب", "Casino"])
    assert matcher.find("CASINO و كلب وspam وبالكلب spam") == ["spam", "كلب", "SPAM", "Casino"]


def test_latin_terms_match_whole_words_only():
    assert find_terms("a classic assessment, ass!", ["ass"]) == ["ass"]
    assert find_terms("a classic assessment", ["ass"]) == []


def test_matcher_is_fast_for_a_thousand_terms_and_a_long_comment():
    terms = [f"كلمة{n}" for n in range(900)] + [f"عبارة {n} طويلة" for n in range(100)]
    matcher = TermMatcher(terms)
    comment = ("هذا تعليق طويل جدا عن الأخبار والكلمات و عبارة 7 طويلة " * 100)[:5000]
    started = time.perf_counter()
    for _ in range(10):
        found = matcher.find(comment)
    assert time.perf_counter() - started < 2.0
    assert found == ["عبارة 7 طويلة"]


# The ldnoobw lists as a blocklist ------------------------------------------------------------


def _decorated_variants(entry: str) -> dict[str, str]:
    """Return the entry with harakat, with tatweel, and with attached proclitics."""
    words = entry.split()
    first = words[0]
    rest = " ".join(words[1:])
    variants = {
        "harakat": " ".join("".join(ch + FATHA if ch.isalpha() else ch for ch in w) for w in words),
        "tatweel": " ".join(TATWEEL.join(w) for w in words),
    }
    bare = first.removeprefix("ال")
    if len(normalize_arabic(bare)) < text.MIN_STEM:
        return variants
    if first.startswith("ال"):
        prefixed = {"و": "و" + first, "بال": "ب" + first, "لل": "لل" + bare, "فال": "ف" + first}
    else:
        prefixed = {"و": "و" + first, "ال": "ال" + first, "بال": "بال" + first, "لل": "لل" + first}
    for name, word in prefixed.items():
        variants[name] = f"{word} {rest}".strip()
    return variants


@pytest.mark.parametrize("relative", LDNOOBW_FILES)
def test_every_listed_arabic_word_matches_decorated_and_with_proclitics(relative):
    entries = _arabic_entries(relative)
    matcher = TermMatcher(entries)
    misses = [
        (entry, how, written)
        for entry in entries
        for how, written in _decorated_variants(entry).items()
        if entry not in matcher.find(f"قال {written} ثم")
    ]
    assert misses == []


# Real words that merely contain a listed word (ldnoobw--ar.txt), one per listed word.
INNOCENT_CONTAINERS = (
    "كسر عكس المكسيك كسوف بكسر",  # كس
    "زبون زبدة زبيبة الزبيدي",  # زب
    "خبز بزنس",  # بز
    "مصر مصادر امتصاص للمصادر",  # مص
    "تمصير",  # تمص
    "الحسن ملحسن",  # لحس
    "إسحاق",  # سحاق
    "دخول خولة تخويل",  # خول
    "الإجماع بالإجماع الجماعة جماعي",  # جماع
    "ثديية",  # ثدي
    "مبادلة",  # مبادل
    "فرجينيا انفراج",  # فرج
    "بظروف",  # بظر
    "لعقود لعقد",  # لعق
    "سكسونيا",  # سكس
    "نيكاراغوا تكنيك",  # نيك
    "شهوات",  # شهوة
    "عرصات",  # عرص
    "بيضانه",  # بيضان
)


def test_real_words_containing_a_listed_word_do_not_match():
    matcher = TermMatcher(_arabic_entries(LDNOOBW_FILES[0]))
    hits = {words: matcher.find(words) for words in INNOCENT_CONTAINERS}
    assert {words: found for words, found in hits.items() if found} == {}


def test_listed_words_with_suffixes_or_other_prefixes_do_not_match():
    entries = _arabic_entries(LDNOOBW_FILES[0])
    listed = {normalize_arabic(entry) for entry in entries}
    matcher = TermMatcher(entries)
    longer = [
        written
        for entry in entries
        for written in (entry + "ي", entry + "ها", entry + "ات", "م" + entry, "ت" + entry)
        if normalize_arabic(written) not in listed and matcher.find(written)
    ]
    assert longer == []


# count_links and extract_domains -------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/x?y=1",
        "http://مثال.السعودية/صفحة",
        "www.example.com",
        "example.com",
        "shop.example.co.uk/sale",
        "wa.me/966501234567",
        "https://wa.me/966501234567",
        "https://chat.whatsapp.com/AbCdEf",
        "whatsapp://send?phone=966501234567",
        "t.me/spam_channel",
        "telegram.me/spam_channel",
        "tg://resolve?domain=spam",
        "@spam_seller",
        "+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧",
        "٠٥٠١٢٣٤٥٦٧",
        "۰۵۰۱۲۳۴۵۶۷",
        "0501234567",
        "050-123-4567",
        "(050) 123 4567",
        "+966 50 123 4567",
        "spam\u200b.com",
        "ｓｐａｍ．ｃｏｍ",
    ],
)
def test_count_links_counts_one_link(link):
    assert count_links(f"للتواصل {link} شكرا") == 1


@pytest.mark.parametrize(
    "plain",
    [
        "ahmad@example.com",
        "راسلني على ahmad.ali+news@mail.example.org",
        "عام 2024 كان صعبا",
        "بين 1990-2000 وفي 2023-10-15 و15-10-2023",
        "السعر 100$ أو ١٥٠ ريال",
        "رقم قصير ١٢٣٤٥٦",
        "e.g. i.e. Django 5.1 a.m.",
        "مقال رائع، شكرا للكاتب.",
        "@ وحدها",
    ],
)
def test_count_links_ignores_emails_dates_and_ordinary_text(plain):
    assert count_links(plain) == 0


def test_count_links_counts_each_kind_in_one_comment():
    comment = "اشتركوا t.me/deals وwww.deals.example أو اتصلوا +٩٦٦٥٠١٢٣٤٥٦٧ وتابعوا @deals"
    assert count_links(comment) == 4


def test_extract_domains_returns_lowercased_hosts():
    comment = "زوروا https://Sub.Example.COM/path، وwww.Foo.org و bar.net. وراسلوا a@mail.example"
    assert extract_domains(comment) == {"sub.example.com", "www.foo.org", "bar.net"}


def test_extract_domains_sees_through_userinfo_and_ports():
    assert extract_domains("https://google.com@evil.example:8080/login") == {"evil.example"}


@given(st.text())
def test_links_never_fewer_than_distinct_domains(typed):
    assert count_links(typed) >= len(extract_domains(typed))


@pytest.mark.parametrize(
    "typed, stems",
    [
        ("والمدير يعلم", {"المدير", "مدير"}),
        ("بالكلب", {"الكلب", "كلب"}),
        ("للطلاب", {"الطلاب", "طلاب"}),
    ],
)
def test_search_text_adds_each_word_without_its_proclitics(typed, stems):
    words = set(search_text(typed).split())
    assert stems <= words and set(normalize_arabic(typed).split()) <= words


def test_search_text_of_words_without_proclitics_is_the_folded_text():
    assert search_text("شَجَـــرة نبتت") == normalize_arabic("شَجَـــرة نبتت")


def test_stream_safe_keeps_thirty_marks_in_a_row_and_drops_the_rest():
    assert text.stream_safe("a" + "\u0301" * 40 + "b" + "\u0301" * 3) == (
        "a" + "\u0301" * 30 + "b" + "\u0301" * 3
    )
    assert text.stream_safe("a" + "\uff9e" * 31) == "a" + "\uff9e" * 30  # NFKC: U+3099


def test_every_combining_mark_of_this_unicode_is_below_the_scanned_range():
    beyond = range(text._LAST_NON_STARTER, 0x110000)
    assert not [cp for cp in beyond if text._is_non_starter(chr(cp))]


def test_cut_to_length_counts_what_nfkc_spells_out():
    assert text.cut_to_length("abc", 5) == "abc"
    assert text.cut_to_length("abcdef", 5) == "abcde"
    cut = text.cut_to_length("ab" + "\ufdfa" * 3, 40)  # each U+FDFA is 18 letters
    assert cut == "ab" + "\ufdfa" * 2 and text.spelled_out_length(cut) == 38


def test_normalize_arabic_folds_as_one_translation_table_would():
    """The regular expressions that replace str.translate map exactly the table's characters."""
    rng = random.Random(14)
    alphabet = [
        chr(cp)
        for cp in (*text._MATCH_TABLE, *range(0x0621, 0x064B), 0x20, 0x0A, 0xA0, 0x2003, 0x61)
    ]
    for _ in range(300):
        typed = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        folded = text.nfkc(typed.translate(text._IGNORE_TABLE))
        folded = text.nfkc(folded.translate(text._MATCH_TABLE).casefold())
        assert normalize_arabic(typed) == text._WHITESPACE.sub(" ", folded).strip()


def test_stream_safe_counts_marks_beyond_the_bmp_in_the_same_run():
    mixed = "\U0001d167\u0301" * 20  # musical and Latin combining marks, 40 in a row
    assert text.stream_safe("x" + mixed + "y") == "x" + mixed[:30] + "y"
    assert text.stream_safe("x" + "\U0001d167" * 30) == "x" + "\U0001d167" * 30


def test_stream_safe_reads_marks_alike_beside_emoji_and_beside_marks_beyond_the_bmp():
    marks = "\u064e\u0651" * 20  # Arabic marks, 40 in a row
    for company in ("", "😀🇸🇦", "\U0001d167"):  # none above U+FFFF, emoji, a mark beyond it
        assert text.stream_safe(company + "ب" + marks) == company + "ب" + marks[:30]
