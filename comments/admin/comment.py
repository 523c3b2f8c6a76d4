"""The editors' queue: the comment changelist, its row buttons and the read-only comment page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from comments.admin import actions
from comments.admin.commenter import CommenterMixin
from comments.admin.desk import views as desk
from comments.admin.display import excerpt, highlighted_terms, reasons_text, risk_text
from comments.admin.events import (
    CommentReportInline,
    CommentRevisionInline,
    ModerationEventInline,
)
from comments.admin.filters import (
    RISK_FIRST,
    ArticleFilter,
    ReportedFilter,
    RiskFilter,
    StatusFilter,
)
from comments.admin.forms import BlockForm
from comments.admin.paginator import CappedCountPaginator
from comments.admin.search import comment_search
from comments.models import Comment, Decision, ModerationEvent
from comments.roles import is_editor
from comments.services.reports import commenter_block, commenter_history

RemovalReason = ModerationEvent.RemovalReason
ROW_DECISIONS = (Decision.APPROVE, Decision.REMOVE)


@admin.register(Comment)
class CommentAdmin(CommenterMixin, admin.ModelAdmin):
    list_display = [
        "excerpt_col", "article", "name", "email", "ip_address", "risk_col", "reasons_col",
        "report_count", "age_col", "status", "labels_col",
        "useful_count",  # how many found it useful; who did is never shown
    ]  # fmt: skip
    list_display_links = ["excerpt_col"]
    list_filter = [
        StatusFilter, RiskFilter, ("article__section", admin.RelatedFieldListFilter),
        ArticleFilter, "created_at", ReportedFilter, "is_pick", "is_staff_voice",
    ]  # fmt: skip
    list_select_related = ["article"]
    list_per_page = 50
    paginator = CappedCountPaginator
    show_full_result_count = False
    ordering = ["created_at", "pk"]
    search_fields = ["body_normalized", "name", "email"]
    search_help_text = _("Text (diacritics and tatweel ignored), name, email or IP address.")
    actions = [
        actions.approve_comments, actions.remove_comments, actions.mark_spam,
        actions.restore_to_pending, actions.pick_comments, actions.unpick_comments,
    ]  # fmt: skip
    inlines = [ModerationEventInline, CommentRevisionInline, CommentReportInline]
    readonly_fields = ["article_link", "parent_link", "reasons_col", "url_text", "risk_col",
                       "body_highlighted", "is_pick", "picked_at", "is_staff_voice"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["article_link", "parent_link", "status", "reasons_col", "risk_col",
                           "report_count", "useful_count", "created_at", "is_pick", "picked_at",
                           "is_staff_voice"]}),
        (_("What the reader sent"), {"fields": ["name", "email", "url_text",
                                                "body_highlighted"]}),
        (_("Technical details"), {"fields": ["ip_address", "user_agent", "user",
                                             "notify_replies", "kind", "source"]}),
    ]  # fmt: skip
    change_form_template = "admin/comments/comment/change_form.html"

    # Permissions: moderating is its own permission; nobody edits what readers typed.

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Deleting would skip the audit trail and the articles' comment counts.
        return False

    # The changelist.

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        return [*columns, "row_decisions"] if self.has_moderate_permission(request) else columns

    def get_ordering(self, request: HttpRequest) -> list:
        """Open the pending queue riskiest first (unscored last), oldest first among equals."""
        if request.GET.get("status", Comment.Status.PENDING) != Comment.Status.PENDING:
            return list(self.ordering)
        return list(RISK_FIRST)

    def get_search_results(self, request, queryset, search_term):
        return comment_search(queryset, search_term), False

    @admin.display(description=_("comment"))
    def excerpt_col(self, obj: Comment) -> str:
        return format_html('<span dir="auto">{}</span>', excerpt(obj.body))

    @admin.display(description=_("reasons"))
    def reasons_col(self, obj: Comment) -> str:
        return reasons_text(obj.moderation_reasons)

    @admin.display(description=_("risk"), ordering=F("risk").desc(nulls_last=True))
    def risk_col(self, obj: Comment) -> str:
        return risk_text(obj.risk)

    @admin.display(description=_("comment"))
    def body_highlighted(self, obj: Comment) -> str:
        """Show the comment with the words that raised its risk marked."""
        return format_html('<div dir="auto" class="nr-risk-body">{}</div>',
                           highlighted_terms(obj.body, obj.risk_terms))  # fmt: skip

    @admin.display(description=_("labels"))
    def labels_col(self, obj: Comment) -> str:
        """Name what readers see marked on the comment: an editors' pick, the newsroom's voice."""
        labels = [label for marked, label in ((obj.is_pick, _("Editors' pick")),
                  (obj.is_staff_voice, _("From the newsroom"))) if marked]  # fmt: skip
        return format_html_join(" ", '<span class="nr-label">{}</span>', ((x,) for x in labels))

    @admin.display(description=_("age"), ordering="created_at")
    def age_col(self, obj: Comment) -> str:
        return timesince(obj.created_at, depth=1)

    @admin.display(description=_("decide"))
    def row_decisions(self, obj: Comment) -> str:
        """Render one-click approve/remove buttons that post the (CSRF-protected) list form."""
        buttons = []
        if obj.status != Decision.APPROVE.status:
            buttons.append(self._row_button(obj, Decision.APPROVE))
        if obj.status != Decision.REMOVE.status:
            buttons.append(reason_select(obj.pk) + self._row_button(obj, Decision.REMOVE))
        return format_html_join(" ", "{}", ((b,) for b in buttons))

    def _row_button(self, obj: Comment, decision: Decision) -> str:
        url = reverse("admin:comments_comment_decide", args=[obj.pk, decision.value])
        return format_html(
            '<button type="submit" class="button nr-{}" formaction="{}" formmethod="post">{}'
            "</button>",
            decision.value, url, decision.label,
        )  # fmt: skip

    # The comment page.

    @admin.display(description=_("article"))
    def article_link(self, obj: Comment) -> str:
        link = format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article)
        if host := obj.article.canonical_host:  # where the thread is embedded or came from
            return format_html('{} <bdi class="nr-article-host">({})</bdi>', link, host)
        return link

    @admin.display(description=_("in reply to"))
    def parent_link(self, obj: Comment) -> str:
        if obj.parent is None:
            return "-"
        url = reverse("admin:comments_comment_change", args=[obj.parent_id])
        return format_html(
            '<a href="{}"><bdi>{}</bdi></a>: <span dir="auto">{}</span>',
            url, obj.parent.name, excerpt(obj.parent.body),
        )  # fmt: skip

    @admin.display(description=_("website"))
    def url_text(self, obj: Comment) -> str:
        return obj.url or "-"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                history=commenter_history(email=obj.email, ip=obj.ip_address),
                can_moderate=self.has_moderate_permission(request),
                block_form=BlockForm(),
                removal_reasons=RemovalReason.choices,
                **self.commenter_context(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Views behind the row buttons and the block form.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/decide/<str:decision>/", view(self.decide_view),
                 name="comments_comment_decide"),
            path("<int:object_id>/block/", view(self.block_view), name="comments_comment_block"),
            *self.commenter_urls(),
            path("desk/", view(self.desk_view), name="comments_comment_desk"),
            path("desk/decide/", view(desk.desk_decide_view), name="comments_comment_desk_decide"),
            path("desk/count/", view(desk.desk_count_view), name="comments_comment_desk_count"),
            path("desk/changes/", view(desk.desk_changes_view),
                 name="comments_comment_desk_changes"),
            *super().get_urls(),
        ]  # fmt: skip

    def desk_view(self, request: HttpRequest) -> HttpResponse:
        return desk.desk_view(request, admin_site=self.admin_site)

    def _moderated_comment(self, request: HttpRequest, object_id: int) -> Comment:
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        return get_object_or_404(Comment, pk=object_id)

    def decide_view(self, request: HttpRequest, object_id: int, decision: str) -> HttpResponse:
        return require_POST(self._apply_row_decision)(request, object_id, decision)

    def _apply_row_decision(self, request: HttpRequest, object_id: int, word: str) -> HttpResponse:
        """Apply a row button's decision (a removal with the row's reason), then go back."""
        if word not in ROW_DECISIONS:
            raise Http404
        decision = Decision(word)
        comment = self._moderated_comment(request, object_id)
        reason = ""
        if decision == Decision.REMOVE:
            chosen = request.POST.get(f"reason-{comment.pk}", "")
            reason = chosen if chosen in RemovalReason.values else RemovalReason.OTHER
        actions.apply_decision(self, request, [comment.pk], decision, reason=reason)
        return HttpResponseRedirect(self._back(request))

    def block_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        return require_POST(self._block)(request, object_id)

    def _block(self, request: HttpRequest, object_id: int) -> HttpResponse:
        comment = self._moderated_comment(request, object_id)
        form = BlockForm(request.POST)
        include_ip = form.is_valid() and form.cleaned_data["include_ip"]
        entries = commenter_block(comment=comment, moderator=request.user, include_ip=include_ip)
        self.message_user(
            request,
            _("Added to the blocklist: %(values)s")
            % {"values": ", ".join(e.value for e in entries)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def _back(self, request: HttpRequest) -> str:
        """Return where the editor came from, if it is on this site, else the queue."""
        target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:comments_comment_changelist")


def reason_select(comment_id: int) -> str:
    """Render the reason picker that goes with a row's remove button."""
    options = format_html_join(
        "",
        '<option value="{}">{}</option>',
        ((code, label) for code, label in RemovalReason.choices),
    )
    return format_html(
        '<select name="reason-{}" aria-label="{}"><option value="">{}</option>{}</select> ',
        comment_id, _("Reason for removal"), _("Reason…"), options,
    )  # fmt: skip
