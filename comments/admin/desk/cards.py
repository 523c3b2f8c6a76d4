"""The desk's queries: one page of cards and, for the whole page at once, histories and reports."""

from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments.admin.commenter import until_text
from comments.admin.desk.highlight import highlight_detail, highlight_terms, matched_terms
from comments.admin.display import REASON_LABELS
from comments.admin.filters import ALL_STATUSES, RISK_FIRST
from comments.models import Comment, CommenterNote, CommentReport, Sanction
from comments.scoring import risk_model_is_current
from comments.selectors import commenters_notes, confirmed_emails, sanctions_in_force_on
from comments.services.reports import HISTORY_STATUSES
from newsroom.client_address import address_group
from newsroom.versions import WAITING_COUNT_KEY, get_or_render, queue_version

PAGE_SIZE = 50
WAITING_COUNT_CAP = 2000
WAITING_COUNT_TIMEOUT = 60  # a change that forgot to renew the queue's version shows within this


NEWEST, RISKIEST = "newest", "risk"
ORDERS = {NEWEST: _("newest first"), RISKIEST: _("riskiest first")}


def desk_ordering(order: str = NEWEST) -> list:
    """Return the order of the cards: newest first, or riskiest first (the abuse model's score;
    unscored comments last, then oldest first: the admin queue's order, which PostgreSQL reads
    from its index)."""
    return list(RISK_FIRST) if order == RISKIEST else ["-created_at", "-pk"]


def desk_default_order() -> str:
    """Open the desk riskiest first while an abuse model scores comments, else newest first."""
    return RISKIEST if risk_model_is_current() else NEWEST


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


@dataclass(frozen=True)
class DeskFilters:
    section: int | None = None
    article: int | None = None
    status: str = Comment.Status.PENDING
    reason: str = ""
    reported: bool = False
    order: str = NEWEST

    @classmethod
    def from_query(cls, query: QueryDict) -> "DeskFilters":
        """Read the filters from the query string, ignoring any value that is not offered."""
        status = query.get("status", "")
        reason = query.get("reason", "")
        return cls(
            section=_int_or_none(query.get("section")),
            article=_int_or_none(query.get("article")),
            status=status if status in {*Comment.Status.values, ALL_STATUSES} else cls.status,
            reason=reason if reason in REASON_LABELS else "",
            reported=query.get("reported") == "yes",
            order=query.get("order") if query.get("order") in ORDERS else desk_default_order(),
        )

    def apply(self, comments: QuerySet) -> QuerySet:
        if self.status != ALL_STATUSES:
            comments = comments.filter(status=self.status)
        if self.section:
            comments = comments.filter(article__section_id=self.section)
        if self.article:
            comments = comments.filter(article_id=self.article)
        if self.reported:
            comments = comments.filter(report_count__gt=0)
        if self.reason:
            # The stored JSON as text, in the same form on SQLite and PostgreSQL (json.dumps).
            needle = f'"code": "{self.reason}"'
            comments = comments.annotate(reasons_json=Cast("moderation_reasons", TextField()))
            comments = comments.filter(reasons_json__contains=needle)
        return comments


@dataclass
class Card:
    comment: Comment
    body: SafeString
    reasons: list[tuple[str, SafeString]]
    history_email: dict[str, int] = field(default_factory=dict)
    history_ip: dict[str, int] | None = None
    reports: list[tuple[str, int]] = field(default_factory=list)
    follow: int | None = None  # the card the queue shows in this one's place once it is decided
    notes: list[CommenterNote] = field(default_factory=list)
    sanctions: list[tuple[Sanction, str]] = field(default_factory=list)  # each with its "until"
    email_confirmed: bool = False  # the basis of trust: a regular's email is easy to type


def desk_comments(filters: DeskFilters, page: int) -> tuple[list[Comment], bool]:
    """Return one page of the filtered queue and whether another page follows (probing one)."""
    start = (page - 1) * PAGE_SIZE
    comments = filters.apply(Comment.objects.all()).select_related(
        "article", "article__section", "parent"
    )
    rows = list(comments.order_by(*desk_ordering(filters.order))[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _histories(comments: list[Comment], key: str) -> dict[str, dict[str, int]]:
    """Count approved, removed and spam comments per email or per address: one grouped query."""
    values = {getattr(c, key) for c in comments if getattr(c, key)}
    found: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(HISTORY_STATUSES, 0))
    if not values:
        return found
    rows = (
        Comment.objects.filter(**{f"{key}__in": values}, status__in=HISTORY_STATUSES)
        .values_list(key, "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for value, status, count in rows:
        found[value][status] = count
    return found


def _reports(comments: list[Comment]) -> dict[int, list[tuple[str, int]]]:
    """Count each reported card's reports by reason: one grouped query, none if none reported."""
    ids = [c.pk for c in comments if c.report_count]
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if not ids:
        return found
    labels = dict(CommentReport.Reason.choices)
    rows = (
        CommentReport.objects.filter(comment_id__in=ids)
        .values_list("comment_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("comment_id", "reason")
    )
    for comment_id, reason, count in rows:
        found[comment_id].append((str(labels.get(reason, reason)), count))
    return found


def _reasons(comment: Comment, terms: tuple[str, ...]) -> list[tuple[str, SafeString]]:
    return [
        (str(REASON_LABELS.get(r.get("code", ""), r.get("code", ""))),
         highlight_detail(str(r.get("detail", "")), terms))
        for r in comment.moderation_reasons or ()
        if isinstance(r, dict)
    ]  # fmt: skip


def _sanctions(comments: list[Comment]) -> dict[int, list[tuple[Sanction, str]]]:
    """Find each card's commenter's sanctions in force, by email or network: one query."""
    networks = {c.pk: address_group(c.ip_address) for c in comments}
    in_force = sanctions_in_force_on(
        emails={c.email for c in comments}, networks={n for n in networks.values() if n},
        now=timezone.now(),
    )  # fmt: skip
    by_email: dict[str, list[Sanction]] = defaultdict(list)
    by_network: dict[str, list[Sanction]] = defaultdict(list)
    for sanction in in_force:
        by_email[sanction.email].append(sanction)
        if sanction.network:
            by_network[sanction.network].append(sanction)
    found = {}
    for c in comments:
        on_network = by_network.get(networks[c.pk] or "", [])
        mine = {s.pk: s for s in [*by_email.get(c.email, []), *on_network]}  # once each
        newest_first = sorted(mine.values(), key=attrgetter("starts_at", "pk"), reverse=True)
        found[c.pk] = [(s, until_text(s)) for s in newest_first]
    return found


def desk_cards(comments: list[Comment]) -> list[Card]:
    """Assemble the cards of a page, with every card's context in six queries at most."""
    by_email, by_ip = _histories(comments, "email"), _histories(comments, "ip_address")
    reports = _reports(comments)
    notes = commenters_notes({c.email for c in comments}) if comments else {}
    sanctions = _sanctions(comments) if comments else {}
    confirmed = confirmed_emails({c.email for c in comments}) if comments else set()
    cards = []
    for comment in comments:
        terms = matched_terms(comment.moderation_reasons)
        cards.append(
            Card(
                comment=comment,
                body=highlight_terms(comment.body_html, terms),
                reasons=_reasons(comment, terms),
                history_email=by_email[comment.email],
                history_ip=by_ip[comment.ip_address] if comment.ip_address else None,
                reports=reports[comment.pk],
                notes=notes.get(comment.email, []),
                sanctions=sanctions[comment.pk],
                email_confirmed=comment.email in confirmed,
            )
        )
    for i, card in enumerate(cards):
        neighbour = cards[i + 1] if i + 1 < len(cards) else cards[i - 1] if i else None
        card.follow = neighbour.comment.pk if neighbour else None
    return cards


def _count_waiting() -> tuple[int, bool]:
    counted = Comment.objects.pending().order_by()[: WAITING_COUNT_CAP + 1].count()
    return min(counted, WAITING_COUNT_CAP), counted > WAITING_COUNT_CAP


def waiting_count() -> tuple[int, bool]:
    """Count the waiting comments up to WAITING_COUNT_CAP and say whether there are more: one
    query per version of the queue, however many admin pages show the count."""
    version = queue_version()
    key = WAITING_COUNT_KEY.format(version=version)
    return get_or_render(key, _count_waiting, WAITING_COUNT_TIMEOUT, version=version)


def waiting_label(waiting: int, capped: bool) -> str:
    """Say how many comments wait, as the header and the desk show it."""
    if capped:
        return gettext("More than %(count)d waiting") % {"count": waiting}
    return ngettext("%(count)d waiting", "%(count)d waiting", waiting) % {"count": waiting}
