from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section, SocialLink

MESSAGE_PAGE_NEEDS_BODY = _("A Newsroom page needs a body.")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SocialLink)
class SocialLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "position"]
    list_editable = ["position"]


class ArticleForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind", getattr(self.instance, "kind", Article.Kind.PAGE))
        if kind == Article.Kind.PAGE and not cleaned.get("body_html", "").strip():
            self.add_error("body_html", forms.ValidationError(MESSAGE_PAGE_NEEDS_BODY, "required"))
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "section",
        "status",
        "published_at",
        "comment_mode",
        "approved_comment_count",
        "embedded_on",
    ]
    list_filter = ["status", "kind", "section", "comment_mode", "published_at"]
    search_fields = ["title", "byline", "excerpt", "canonical_url"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "byline", "excerpt", "body_html"]}),
        (None, {"fields": ["status", "published_at"]}),
        (None, {"fields": ["comment_mode", "comments_close_after_days"]}),
        (None, {"fields": ["kind", "canonical_url"]}),
    ]

    @admin.display(description=_("embedded on"), ordering="canonical_url")
    def embedded_on(self, obj: Article) -> str:
        return obj.canonical_host or "—"
