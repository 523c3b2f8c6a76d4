"""The reader's "report" (إبلاغ) flow: pick a reason under a comment, confirm, get thanked.

The comment block is cached and shared between readers, so it can't carry a CSRF token: its
small form only opens this page (GET), which holds the CSRF-protected form that stores the report.
"""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from comments.limits import report_over_rate_limit
from comments.models import Comment, CommentReport
from comments.moderation import MESSAGE_NO_ADDRESS
from comments.reporters import reporter_key
from comments.selectors import shown_comment
from comments.services.reports import comment_report
from comments.views import comment_location

SENT_PARAM = "sent"
MESSAGE_SENT = _("Thank you. Your report was sent to the editors.")
MESSAGE_LIMITED = _("You have sent many reports. Please try again later.")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should editors review this comment?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )


def _page(
    request: HttpRequest, comment: Comment, form: ReportForm | None, *, message: str = "",
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {
        "comment": comment, "form": form, "message": message, "back": comment_location(comment),
    }  # fmt: skip
    return render(request, "comments/report.html", context, status=status)


@require_http_methods(["GET", "POST"])
def comment_report_page(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Confirm a report on a published comment (GET), store it once per reader (POST)."""
    comment = shown_comment(comment_id)
    if comment is None:
        raise Http404
    if request.method == "GET":
        if SENT_PARAM in request.GET:
            return _page(request, comment, None, message=MESSAGE_SENT)
        return _page(request, comment, ReportForm(initial={"reason": request.GET.get("reason")}))
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, comment, form, status=400)
    if (key := reporter_key(request)) is None:
        return _page(request, comment, form, message=MESSAGE_NO_ADDRESS, status=403)
    if report_over_rate_limit(key):
        return _page(request, comment, form, message=MESSAGE_LIMITED, status=429)
    comment_report(comment=comment, reporter_key=key, reason=form.cleaned_data["reason"])
    done = reverse("comments:report", args=[comment.pk]) + f"?{SENT_PARAM}=1"
    return HttpResponseRedirect(done, status=303)
