"""The admin index leads editors to the privacy page, and only them."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_editors_find_the_personal_data_page_from_the_admin_index(client, editor):
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("privacy:personal_data") in html


def test_staff_outside_editors_see_no_privacy_link(client):
    client.force_login(make_user(is_staff=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("privacy:personal_data") not in html
