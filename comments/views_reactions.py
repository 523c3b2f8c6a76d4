"""The reader's "useful" (مفيد) press under a comment, and which comments they pressed.

The comment block is shared by every reader, so it shows the count and nothing of the reader:
static/js/reactions.js asks my_reactions (private, never stored) which buttons to show pressed.
The press is a small form per comment that works without script (a redirect back to the
comment) and, sent by the script, answers JSON with the new count.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from comments.limits import reaction_over_rate_limit
from comments.models import Comment
from comments.moderation import MESSAGE_NO_ADDRESS
from comments.reader_cookies import own_comment_ids
from comments.reporters import reporter_key
from comments.selectors import reader_reacted_ids, shown_comment
from comments.services.reactions import ReactionState, reaction_toggle
from comments.sorting import SORT_PARAM, requested_sort
from comments.views import comment_location
from newsroom.csrf import token_free_for_readers
from newsroom.formats.digits import localize_digits

MESSAGE_LIMITED = _("You have pressed “Useful” many times. Please try again later.")
MINE_PARAM = "ids"
MINE_MOST_IDS = 200  # what static/js/reactions.js asks for at once


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request: HttpRequest, comment: Comment) -> str:
    """Where the press without script returns: the comment, in the order of the page it was on."""
    sort = requested_sort(request.POST.get(SORT_PARAM))
    return comment_location(comment, own_ids=own_comment_ids(request), sort=sort)


def _refused(request: HttpRequest, comment: Comment, message: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"message": str(message)}, status=status)
    context = {"message": message, "back": _back(request, comment)}
    return render(request, "comments/reaction_refused.html", context, status=status)


def _state_json(state: ReactionState) -> JsonResponse:
    return JsonResponse({
        "pressed": state.pressed, "useful_count": state.useful_count,
        "useful_count_text": localize_digits(state.useful_count),
    })  # fmt: skip


@token_free_for_readers  # the form is in a block shared by every reader
@require_POST
def comment_useful(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Press "useful" on a published comment: once counts the reader, twice takes it back."""
    comment = shown_comment(comment_id)
    if comment is None:
        raise Http404
    if (key := reporter_key(request)) is None:
        return _refused(request, comment, MESSAGE_NO_ADDRESS, 403)
    if reaction_over_rate_limit(key):
        return _refused(request, comment, MESSAGE_LIMITED, 429)
    state = reaction_toggle(comment=comment, reader_key=key)
    if _wants_json(request):
        return _state_json(state)
    return HttpResponseRedirect(_back(request, comment), status=303)


def _requested_ids(request: HttpRequest) -> list[int]:
    parts = request.GET.get(MINE_PARAM, "").split(",")[:MINE_MOST_IDS]
    return [int(part) for part in parts if part.isascii() and part.isdigit() and len(part) < 19]


@never_cache  # one reader's own state: private, and never kept by any cache
@require_GET
def my_reactions(request: HttpRequest) -> JsonResponse:
    """Tell this reader which of the comments named (?ids=1,2,3) they found useful."""
    ids, key = _requested_ids(request), reporter_key(request)
    pressed = reader_reacted_ids(key, ids) if key is not None and ids else []
    return JsonResponse({"pressed": pressed})
