"""The commenter on a comment's page: editors' notes and sanctions, added from that page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments.admin.forms import NoteForm, SanctionForm
from comments.models import Comment, Sanction
from comments.selectors import commenter_notes, commenter_sanctions, email_is_confirmed
from comments.services.commenters import commenter_note_add, sanction_impose
from newsroom.formats.digits import localize_digits


def until_text(sanction: Sanction) -> str:
    """Say until when a sanction lasts, as the page's language writes dates."""
    if sanction.ends_at is None:
        return _("for good")
    return localize_digits(date_format(timezone.localtime(sanction.ends_at), "DATETIME_FORMAT"))


class CommenterMixin:
    """Adds the commenter's notes and sanctions to CommentAdmin's change page and its URLs."""

    def commenter_context(self, request: HttpRequest, comment: Comment) -> dict:
        now = timezone.now()
        sanctions = [
            (s, until_text(s), s.lifted_at is None and (s.ends_at is None or s.ends_at > now))
            for s in commenter_sanctions(comment.email)
        ]
        return {
            "notes": commenter_notes(comment.email),
            "email_confirmed": email_is_confirmed(comment.email),
            "sanctions": sanctions,
            "sanction_form": SanctionForm(),
            "note_form": NoteForm(),
        }

    def commenter_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/sanction/", view(require_POST(self.sanction_view)),
                 name="comments_comment_sanction"),
            path("<int:object_id>/note/", view(require_POST(self.note_view)),
                 name="comments_comment_note"),
        ]  # fmt: skip

    def _to_comment(self, comment: Comment) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def sanction_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        comment = self._moderated_comment(request, object_id)
        form = SanctionForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("Choose a sanction, a duration and a reason."), messages.ERROR
            )
            return self._to_comment(comment)
        sanction = sanction_impose(comment=comment, moderator=request.user, **form.cleaned_data)
        message = _("%(kind)s of %(email)s until %(until)s.") % {
            "kind": sanction.get_kind_display(), "email": sanction.email,
            "until": until_text(sanction),
        }  # fmt: skip
        self.message_user(request, message, messages.SUCCESS)
        return self._to_comment(comment)

    def note_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        comment = self._moderated_comment(request, object_id)
        form = NoteForm(request.POST)
        if form.is_valid():
            commenter_note_add(
                email=comment.email, body=form.cleaned_data["text"], author=request.user
            )
            self.message_user(request, _("Note added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Write the note first."), messages.ERROR)
        return self._to_comment(comment)
