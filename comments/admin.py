from django.contrib import admin

from comments.models import Comment, ModerationEvent


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "parent", "user"]


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    list_display = ["comment", "from_status", "to_status", "source", "actor", "created_at"]
