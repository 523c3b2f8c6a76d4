"""Arabic pages by default whatever the browser asks; the switch and the API choose otherwise."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_the_arabic_page(client, article):
    html = client.get(article.get_absolute_url(), headers={"accept-language": "en"}).content
    assert b'<html lang="ar" dir="rtl">' in html


def test_the_language_switch_gives_english_pages(client, article):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(article.get_absolute_url()).content
    assert b'<html lang="en" dir="ltr">' in html


def test_the_api_follows_accept_language(client, article):
    url = f"/api/v1/articles/{article.pk}/comments/"
    arabic = client.post(url, {}, content_type="application/json").content.decode()
    english = client.post(
        url, {}, content_type="application/json", headers={"accept-language": "en"}
    ).content.decode()
    assert "هذا الحقل مطلوب" in arabic and "This field is required" in english
