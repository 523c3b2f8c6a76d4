from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from django.core import checks

        from comments.reader_cookies import own_comment_ids
        from newsroom.client_address import check_client_address
        from newsroom.db_router import primary_reads_when

        checks.register(check_client_address)

        # A reader's own pending comment may not have reached a replica yet.
        primary_reads_when(lambda request: bool(own_comment_ids(request)))
