"""`manage.py check --deploy` warns while the operator's details that the Impressum needs are
unset: the pages then show a neutral text, which is no Impressum."""

from django.conf import settings
from django.core.checks import Warning, register

# What section 5 DDG requires of every operator; the other GP_OPERATOR_* settings apply only
# to some (a representative, a register entry, a VAT number) and are not checked.
REQUIRED = {
    "GP_OPERATOR_NAME": "the operator's name",
    "GP_OPERATOR_ADDRESS": "the operator's postal address",
    "GP_CONTACT_EMAIL": "an e-mail address for contact",
}


@register("operator", deploy=True)
def operator_details(app_configs, **kwargs):
    """Return a warning for each required operator setting that is unset."""
    return [
        Warning(
            f"{name} is not set: the Impressum and the privacy and accessibility pages show no "
            f"{what}.",
            hint=f"Set {name} in the environment (.env.example, docs/web.md#legal-pages).",
            id=f"pages.W00{number}",
        )
        for number, (name, what) in enumerate(REQUIRED.items(), start=1)
        if not getattr(settings, name).strip()
    ]
