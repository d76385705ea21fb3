"""allauth's account adapter: where a login lands by role, and the site's name in every mail."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse

from .authentication import email_unconfirmed
from .roles import is_campaign_manager, is_moderator, is_planner

ALLAUTH_EMAIL_STAGE = "allauth.account.stages.EmailVerificationStage"


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates read as current_site: our name, the host for links."""

    name: str
    domain: str


def landing_url(user) -> str | None:
    """Return the tool a staff member starts from (moderation first), or None for residents."""
    if is_moderator(user):
        return reverse("moderation")
    if is_planner(user):
        # Served by layers/workspace; named here by URL only, so no import goes against the
        # arrow (geo_participation never imports layers).
        return reverse("workspace")
    if is_campaign_manager(user):
        return reverse("setup:list")
    return None


class AddressVerificationStage(EmailVerificationStage):
    """allauth's check of the confirmed address, for accounts that signed up with one.

    Accounts made by the admin or `load_demo` (staff, signing in by username) have no address
    to confirm; they pass, as they do on every API path (authentication.email_unconfirmed).
    """

    def handle(self):
        """Let accounts without an unconfirmed address through; send the others the link."""
        if not email_unconfirmed(self.login.user):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth's adapter with role-based landing and GP_SITE_NAME in mails."""

    def get_login_redirect_url(self, request) -> str:
        """Return the moderation queue, the planners' page or LOGIN_REDIRECT_URL.

        allauth asks only when there is no safe ?next=, which wins.
        """
        return landing_url(request.user) or super().get_login_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        """Return the subject after GP_EMAIL_SUBJECT_PREFIX, or GP_SITE_NAME in brackets."""
        prefix = settings.GP_EMAIL_SUBJECT_PREFIX or f"[{settings.GP_SITE_NAME}] "
        return prefix + str(subject)

    def get_login_stages(self) -> list[str]:
        """Return allauth's login stages with its address check replaced by ours."""
        stages = super().get_login_stages()
        return [
            f"{__name__}.AddressVerificationStage" if path == ALLAUTH_EMAIL_STAGE else path
            for path in stages
        ]

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send allauth's mail with the site named GP_SITE_NAME instead of the host name."""
        # Without django.contrib.sites, allauth names the site after the request's host
        # ("Hallo von 127.0.0.1:8000!"); the sites framework would be a table for one string.
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = MailSite(name=settings.GP_SITE_NAME, domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})
