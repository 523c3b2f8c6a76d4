"""Languages: complete catalogues, Arabic plurals and dates, and no interface text left untranslated."""

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.templatetags.local_format import local_date
from comments.templatetags.comments_tags import comment_count_label
from tests.factories import make_article, make_comment, make_section

REPO_ROOT = Path(__file__).resolve().parents[2]
# What makemessages must not scan: tools, tests, generated and third-party files.
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "__pycache__", "*.pyc", "*.mo", "node_modules", "staticfiles", "static",
    "tests", "bench", "test-artifacts", "db.sqlite3",
)  # fmt: skip
ARABIC_WORD = re.compile(r"[\u0600-\u06FF]+")
LATIN_WORD = re.compile(r"[A-Za-z]+")


def gettext_tools_or_skip() -> None:
    if shutil.which("msgfmt") and shutil.which("xgettext"):
        return
    reason = "GNU gettext (msgfmt, xgettext) is not installed: apt-get install gettext"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def extracted_locale(tmp_path, settings, monkeypatch) -> Path:
    """Run makemessages on a copy of the project, so the real catalogues are left alone."""
    gettext_tools_or_skip()
    copy = tmp_path / "project"
    shutil.copytree(REPO_ROOT, copy, ignore=NOT_SOURCES)
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ar", "en"], no_obsolete=True, verbosity=0)
    return copy / "locale"


def gettext_tool(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C"}
    return subprocess.run(args, capture_output=True, text=True, env=env)


def msgids_needing_work(po: Path) -> list[str]:
    """Return the msgids that are untranslated or fuzzy in a catalogue."""
    output = gettext_tool("msgattrib", "--untranslated", "--no-wrap", str(po)).stdout
    output += gettext_tool("msgattrib", "--only-fuzzy", "--no-wrap", str(po)).stdout
    return [m for m in re.findall(r'^msgid "(.*)"$', output, flags=re.MULTILINE) if m]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(extracted_locale, language):
    po = extracted_locale / language / "LC_MESSAGES" / "django.po"
    result = gettext_tool("msgfmt", "--check-format", "--statistics", "-o", os.devnull, str(po))
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()  # "N translated messages[, N fuzzy][, N untranslated]."
    complete = "fuzzy" not in statistics and "untranslated" not in statistics
    assert complete, f"{language}: {statistics}: {msgids_needing_work(po)}"


@pytest.mark.parametrize(
    "count,arabic",
    [
        (0, "لا توجد تعليقات"),
        (1, "تعليق واحد"),
        (2, "تعليقان"),
        (3, "٣ تعليقات"),
        (10, "١٠ تعليقات"),
        (11, "١١ تعليقاً"),
        (99, "٩٩ تعليقاً"),
        (100, "١٠٠ تعليق"),
        (102, "١٠٢ تعليق"),
        (103, "١٠٣ تعليقات"),
    ],
)
def test_comment_count_uses_the_arabic_plural_forms(count, arabic):
    with translation.override("ar"):
        assert comment_count_label(count) == arabic


@pytest.mark.parametrize("count,english", [(0, "0 comments"), (1, "1 comment"), (2, "2 comments")])
def test_comment_count_in_english(count, english):
    with translation.override("en"):
        assert comment_count_label(count) == english


def test_dates_are_written_in_the_page_language():
    moment = datetime(2026, 11, 29, 21, 5, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with translation.override("ar"):
        assert local_date(moment) == "٢٩ نوفمبر ٢٠٢٦"
        assert local_date(moment, "DATETIME_FORMAT") == "٢٩ نوفمبر ٢٠٢٦، ٩:٠٥ م"
    with translation.override("en"):
        assert local_date(moment) == "29 November 2026"
        assert local_date(moment, "DATETIME_FORMAT") == "29 November 2026, 9:05 PM"


def visible_text(html: bytes, *, skip_lang: str) -> str:
    """Return what a reader reads or hears, minus elements marked as the other language."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(f'[lang="{skip_lang}"], script, style'):
        element.decompose()
    labels = [
        element[attr]
        for attr in ["aria-label", "title", "placeholder", "alt", "value"]
        for element in soup.select(f"[{attr}]")
        if attr != "value" or element.get("type") in {"submit", "button"}
    ]
    description = soup.find("meta", attrs={"name": "description"})["content"]
    return " ".join([soup.get_text(" "), description, *labels])


def interface_pages(client, article) -> list[bytes]:
    url = reverse("pages:comment_post", args=[article.pk])
    return [
        client.get(reverse("articles:home")).content,
        client.get(article.section.get_absolute_url()).content,
        client.get(article.get_absolute_url()).content,
        client.post(url, {"name": "", "email": "", "body": ""}).content,  # with errors
    ]


@pytest.mark.django_db
def test_english_pages_have_no_arabic_interface_text(client):
    section = make_section(name="World", slug="world")
    article = make_article(
        section=section, title="A library opens", excerpt="Doors open.", body_html="<p>Text.</p>"
    )
    make_article(section=section, title="Other", body_html="<p>Other text.</p>")
    make_comment(article=article, name="Sam", body="Nice news.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for html in interface_pages(client, article):
        arabic_words = ARABIC_WORD.findall(visible_text(html, skip_lang="ar"))
        assert arabic_words == [], "Arabic interface text in English pages"


@pytest.mark.django_db
def test_arabic_pages_have_no_english_interface_text(client):
    section = make_section(name="ثقافة", slug="ثقافة")
    article = make_article(section=section, title="افتتاح مكتبة", excerpt="تفتح المكتبة.")
    make_comment(article=article, name="سامي", body="خبر جميل.")
    for html in interface_pages(client, article):
        english_words = LATIN_WORD.findall(visible_text(html, skip_lang="en"))
        assert english_words == [], "untranslated interface text in Arabic pages"


@pytest.mark.django_db
@pytest.mark.parametrize("language,direction,css", [("en", "ltr", "bootstrap.min.css"),
                                                   ("ar", "rtl", "bootstrap.rtl.min.css")])  # fmt: skip
def test_language_switch_sets_the_page_direction(client, article, language, direction, css):
    response = client.post(
        reverse("set_language"),
        {"language": language, "next": article.get_absolute_url()},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"vendor/bootstrap/{css}" in html
