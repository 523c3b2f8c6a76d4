"""The desk's three views: the cards, a decision on some of them, and the live waiting count."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Section
from comments.admin.desk.cards import (
    ORDERS,
    DeskFilters,
    desk_cards,
    desk_comments,
    waiting_count,
    waiting_label,
)
from comments.admin.display import REASON_LABELS
from comments.admin.filters import ALL_STATUSES, queue_articles
from comments.models import Comment, Decision, ModerationEvent
from comments.roles import is_editor
from comments.services.decisions import comments_move
from newsroom.versions import queue_version, versions_etag

RemovalReason = ModerationEvent.RemovalReason
MAX_IDS = 1000  # more than any page of cards: a bigger post is cut, never a huge IN list


def _editor_only(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return max(int(value), 1) if value.isascii() and value.isdigit() and len(value) < 6 else 1


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def desk_view(request: HttpRequest, *, admin_site) -> HttpResponse:
    """Show one page of the queue as cards, filtered as the query string says."""
    _editor_only(request)
    filters = DeskFilters.from_query(request.GET)
    page = _page_number(request)
    comments, has_next = desk_comments(filters, page)
    waiting, capped = waiting_count()
    context = {
        **admin_site.each_context(request),
        "title": _("Moderation desk"),
        "cards": desk_cards(comments),
        "filters": filters,
        "page": page,
        "has_next": has_next,
        "query": _query_without_page(request),
        "waiting": waiting,
        "waiting_capped": capped,
        "sections": list(Section.objects.order_by("name").values_list("pk", "name")),
        "articles": queue_articles(),
        "statuses": [*Comment.Status.choices, (ALL_STATUSES, _("All"))],
        "reasons": sorted(((code, str(label)) for code, label in REASON_LABELS.items()),
                          key=lambda item: item[1]),
        "removal_reasons": RemovalReason.choices,
        "orders": list(ORDERS.items()),
    }  # fmt: skip
    return TemplateResponse(request, "admin/comments/comment/desk.html", context)


@dataclass(frozen=True)
class DeskDecision:
    decision: Decision
    seen: dict[int, str]
    reason: str
    note: str

    @classmethod
    def from_post(cls, data) -> "DeskDecision | None":
        """Read the decision, the chosen ids and the status the editor saw of each; None if bad."""
        if data.get("decision") not in Decision.values:
            return None
        decision = Decision(data["decision"])
        seen = _seen_statuses(data)
        reason = ""
        if decision == Decision.REMOVE:
            chosen = data.get("reason", "")
            reason = chosen if chosen in RemovalReason.values else RemovalReason.OTHER
        elif decision == Decision.SPAM:
            reason = RemovalReason.SPAM
        note = _("Undone on the desk") if data.get("undo") else ""
        return cls(decision=decision, seen=seen, reason=reason, note=note)


def _decided_elsewhere(ids: list[int], *, template: str) -> list[dict]:
    """Describe comments someone else decided: their status now and who decided it."""
    if not ids:
        return []
    latest: dict[int, dict] = {}
    events = (
        ModerationEvent.objects.filter(comment_id__in=ids)
        .order_by("comment_id", "-created_at", "-pk")
        .values("comment_id", "to_status", "actor__username")
    )
    for event in events:
        latest.setdefault(event["comment_id"], event)
    labels = dict(Comment.Status.choices)
    found = []
    for pk in ids:
        event = latest.get(pk, {})
        status, by = event.get("to_status", ""), event.get("actor__username") or _("a rule")
        message = template % {"id": pk, "by": by, "status": labels.get(status, status)}
        found.append({"id": pk, "status": status, "by": by, "message": message})
    return found


def _conflicts(ids: list[int]) -> list[dict]:
    template = _(
        "Comment %(id)s was already decided by %(by)s (%(status)s): your decision was not applied."
    )
    return _decided_elsewhere(ids, template=template)


def _apply(request: HttpRequest, asked: DeskDecision) -> dict:
    moved = comments_move(
        ids=list(asked.seen), to_status=asked.decision.status, actor=request.user,
        source=ModerationEvent.Source.ADMIN, reason=asked.reason, note=asked.note,
        seen_statuses=asked.seen,
    )  # fmt: skip
    conflicts = _conflicts([pk for pk in asked.seen if pk not in set(moved)])
    return {
        "moved": moved,
        "conflicts": conflicts,
        "status": asked.decision.status,
        "message": asked.decision.done_message(len(moved)),
    }


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:comments_comment_desk")


@require_POST
def desk_decide_view(request: HttpRequest) -> HttpResponse:
    """Apply one decision to the chosen cards; answer JSON to the script, else go back."""
    _editor_only(request)
    asked = DeskDecision.from_post(request.POST)
    if asked is None or not asked.seen:
        error = _("Choose a decision and at least one comment.")
        if _wants_json(request):
            return JsonResponse({"error": {"code": "invalid", "message": error}}, status=400)
        messages.error(request, error)
        return HttpResponseRedirect(_back(request))
    outcome = _apply(request, asked)
    if _wants_json(request):
        return JsonResponse(outcome)
    if outcome["moved"]:
        messages.success(request, outcome["message"])
    for conflict in outcome["conflicts"]:
        messages.warning(request, conflict["message"])
    return HttpResponseRedirect(_back(request))


def _seen_statuses(query) -> dict[int, str]:
    ids = [int(v) for v in query.getlist("ids") if v.isascii() and v.isdigit() and len(v) < 19]
    return {pk: query.get(f"seen-{pk}", "") for pk in ids[:MAX_IDS]}


def _seen_pairs(value: str) -> dict[int, str]:
    """Read "id:status,id:status" (one field, however many cards the page holds)."""
    pairs = (pair.partition(":") for pair in value.split(",")[:MAX_IDS])
    return {
        int(pk): status
        for pk, _colon, status in pairs
        if pk.isascii() and pk.isdigit() and len(pk) < 19
    }


@require_GET
def desk_changes_view(request: HttpRequest) -> HttpResponse:
    """Say which of the cards an editor sees were decided since, and by whom (two queries)."""
    _editor_only(request)
    seen = _seen_pairs(request.GET.get("seen", ""))
    now = dict(Comment.objects.filter(pk__in=list(seen)).values_list("pk", "status"))
    changed = [pk for pk, status in seen.items() if pk in now and now[pk] != status]
    template = _("Decided meanwhile by %(by)s (%(status)s).")
    response = JsonResponse({"changed": _decided_elsewhere(changed, template=template)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def desk_count_view(request: HttpRequest) -> HttpResponse:
    """Answer the number of waiting comments, or 304 while the queue's version is unchanged."""
    _editor_only(request)
    etag = versions_etag(["queue", queue_version(), request.LANGUAGE_CODE])
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        waiting, capped = waiting_count()
        response = JsonResponse(
            {"waiting": waiting, "capped": capped, "label": waiting_label(waiting, capped)}
        )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
