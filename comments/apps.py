from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from comments.reader_cookies import own_comment_ids
        from newsroom.db_router import primary_reads_when

        # A reader's own pending comment may not have reached a replica yet.
        primary_reads_when(lambda request: bool(own_comment_ids(request)))
