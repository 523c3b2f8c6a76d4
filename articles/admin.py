from django.contrib import admin

from articles.models import Article, Section, SocialLink


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "section",
        "status",
        "published_at",
        "comment_mode",
        "approved_comment_count",
    ]
    list_filter = ["status", "section", "comment_mode", "published_at"]
    search_fields = ["title", "byline", "excerpt"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "byline", "excerpt", "body_html"]}),
        (None, {"fields": ["status", "published_at"]}),
        (None, {"fields": ["comment_mode", "comments_close_after_days"]}),
    ]
