"""Migration 0008: reports stored with a raw IP address get the page's keyed hash instead."""

import ipaddress

import pytest
from django.utils import timezone

from comments.models import Comment, CommentReport
from comments.reporters import address_reporter_key
from tests.migration_steps import historical_article, rows_made_at

BEFORE = [("comments", "0007_search_text_with_stems")]  # migrated forward to 0008 and on


@pytest.mark.django_db(transaction=True)
def test_raw_addresses_become_hashes_and_a_reader_counts_once():
    with rows_made_at(BEFORE) as apps:
        article = historical_article(apps)
        comment_model = apps.get_model("comments", "Comment")
        fields = {"article": article, "name": "قارئ", "email": "r@example.com", "body": "نص"}
        fields |= {"status": "approved", "created_at": timezone.now()}
        both_ways = comment_model.objects.create(**fields, report_count=2)
        api_only = comment_model.objects.create(**fields, report_count=1)
        hashed = address_reporter_key(ipaddress.ip_address("203.0.113.7"))
        reports = apps.get_model("comments", "CommentReport").objects
        reports.create(comment=both_ways, reporter_key=hashed, reason="spam")
        reports.create(comment=both_ways, reporter_key="ip:203.0.113.7", reason="abuse")
        reports.create(comment=api_only, reporter_key="ip:2001:db8::1", reason="abuse")
        reports.create(comment=api_only, reporter_key="user:4", reason="spam")
    reports = CommentReport.objects  # now at the latest state, 0008 included
    ipv6 = address_reporter_key(ipaddress.ip_address("2001:db8::1"))
    assert set(reports.values_list("comment_id", "reporter_key", "reason")) == {
        (both_ways.pk, hashed, "spam"),
        (api_only.pk, ipv6, "abuse"),
        (api_only.pk, "user:4", "spam"),
    }
    counts = dict(Comment.objects.values_list("pk", "report_count"))
    assert counts == {both_ways.pk: 1, api_only.pk: 1}
