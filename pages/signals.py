"""What shows on every cached page: articles, sections, social links, and the moderation
settings (the closing date decides whether a page offers the form). Any save or delete of one
bumps the site's version (newsroom.versions), which names every cached page and list count.

Signals rather than save() and delete() overrides, so that queryset deletes (the admin's bulk
action, an article's cascade) are caught too; connected here, by the page that shows them, so
the apps below know nothing of the page's cache.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.versions import site_invalidate


def _site_changed(**kwargs) -> None:
    site_invalidate()


def connect() -> None:
    from articles.models import Article, Section, SocialLink
    from comments.models import ModerationSettings

    for model in (Article, Section, SocialLink, ModerationSettings):
        for signal in (post_save, post_delete):
            signal.connect(
                _site_changed, sender=model, dispatch_uid=f"site-changed-{model.__name__}"
            )
