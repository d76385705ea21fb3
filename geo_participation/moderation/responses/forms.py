"""The staff form of a response: a status of the campaign's list and the public answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from geo_participation.submissions.models import MAX_ANSWER_LENGTH

# Which field a refusal of submission_respond is about, so the page shows it there.
FIELD_OF_CODE = {"unknown_status": "public_status", "invalid_answer": "answer"}


class ResponseForm(forms.Form):
    """Status and answer; the service checks them again (the only write path)."""

    public_status = forms.ChoiceField(label=_("Public status"))
    answer = forms.CharField(
        label=_("Public answer"),
        required=False,
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Published as written, next to the post, and sent to its author and supporters. "
            "Do not name people or include other personal data."
        ),
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_status"].choices = [(s.key, s.label) for s in statuses]

    def add_refusal(self, refusal) -> None:
        """Show a refusal of the service next to the field it is about (else above the form)."""
        self.add_error(FIELD_OF_CODE.get(refusal.code), str(refusal.detail))
