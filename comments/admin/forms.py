"""Forms of the moderation admin: removal, blocking, sanctions, notes, list entries, the tester."""

import ipaddress

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from comments.models import ModerationEvent, ModerationListEntry, Sanction

Entry = ModerationListEntry
MESSAGE_BAD_IP = _("Enter an IP address or a network such as 192.0.2.0/24.")
MESSAGE_BAD_EMAIL = _("Enter an email address, or @domain for a whole domain.")
MESSAGE_BAD_DOMAIN = _("Enter a domain name such as example.com.")
MESSAGE_BLOCK_ACTION = _("A blocklist entry marks as spam or rejects.")
MESSAGE_HOLD_ACTION = _("Watch list entries and reserved names hold comments for review.")
MESSAGE_WORD_ONLY = _("Watch list entries and reserved names are words or names.")


class RemovalForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=ModerationEvent.RemovalReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class BlockForm(forms.Form):
    include_ip = forms.BooleanField(label=_("Block the IP address too"), required=False)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sanction"), choices=Sanction.Kind.choices, initial=Sanction.Kind.SUSPEND,
        widget=forms.RadioSelect,
    )  # fmt: skip
    duration = forms.ChoiceField(label=_("For"), choices=Sanction.Duration.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=Sanction.Reason.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )  # fmt: skip
    include_network = forms.BooleanField(
        label=_("Also this address (an IPv6 address's whole /64 network)"), required=False
    )


class NoteForm(forms.Form):
    # Not "body": the comment page shows the reader's body, and no field may look editable.
    text = forms.CharField(
        label=_("Note on this commenter"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )  # fmt: skip


class SampleTextForm(forms.Form):
    sample = forms.CharField(
        label=_("Sample text"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto", "cols": 80}),
    )  # fmt: skip


def _clean_value(kind: str, value: str) -> str:
    """Return the entry value in its comparable form, or raise if it can never match."""
    value = value.strip()
    if kind == Entry.Kind.IP:
        try:
            if "/" not in value:
                return str(ipaddress.ip_address(value))
            return str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise forms.ValidationError(MESSAGE_BAD_IP, code="invalid_ip") from None
    if kind == Entry.Kind.EMAIL:
        address = "x" + value.lstrip("*") if value.lstrip("*").startswith("@") else value
        try:
            validate_email(address)
        except forms.ValidationError:
            raise forms.ValidationError(MESSAGE_BAD_EMAIL, code="invalid_email") from None
        return value.lower()
    if kind == Entry.Kind.DOMAIN:
        bare = value.lower().removeprefix("*.").strip(".")
        if not bare or "." not in bare or any(c in bare for c in "/:@ "):
            raise forms.ValidationError(MESSAGE_BAD_DOMAIN, code="invalid_domain")
        return bare
    return value


class ListEntryForm(forms.ModelForm):
    class Meta:
        model = ModerationListEntry
        fields = ["list", "kind", "value", "action", "note"]

    def clean(self) -> dict:
        data = super().clean()
        kind, listed, action = data.get("kind"), data.get("list"), data.get("action")
        if kind and data.get("value"):
            try:
                data["value"] = _clean_value(kind, data["value"])
            except forms.ValidationError as error:
                self.add_error("value", error)
        if listed == Entry.List.BLOCK and action == Entry.Action.HOLD:
            self.add_error("action", forms.ValidationError(MESSAGE_BLOCK_ACTION, code="action"))
        elif listed and listed != Entry.List.BLOCK:
            if action and action != Entry.Action.HOLD:
                self.add_error("action", forms.ValidationError(MESSAGE_HOLD_ACTION, code="action"))
            if kind and kind != Entry.Kind.WORD:
                self.add_error("kind", forms.ValidationError(MESSAGE_WORD_ONLY, code="kind"))
        return data
