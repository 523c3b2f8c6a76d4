"""Django's own admin strings that its Arabic catalogue leaves untranslated (Django 6.0).

Listed here so makemessages keeps them in locale/ar, whose translations come before Django's.
The actions bar shows both: the blank choice of its menu and its button.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO_AR = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
    gettext_noop("Run"),  # admin/actions.html
)
