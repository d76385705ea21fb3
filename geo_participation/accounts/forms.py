"""The login forms (citizens' and the admin's) and the deletion of an account, within the
failed-login limit of every way in."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ReauthenticateForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import lockout


class _WithinLoginFailureLimit:
    """Check lockout before the password is hashed, count a wrong password after."""

    login_field = ""

    def _wrong_password(self, error: ValidationError) -> bool:
        raise NotImplementedError

    def clean(self):
        """Refuse a locked address or login before checking the password; count a wrong one."""
        login = self.cleaned_data.get(self.login_field)
        if self._errors or not login:
            return super().clean()
        try:
            lockout.refuse_if_locked(self.request, login)
        except lockout.TooManyLoginFailures as exc:
            # The page shows the error next to the form; the status says 429 (see lockout).
            lockout.mark_locked(self.request, exc.wait)
            raise ValidationError(str(exc.detail), code=exc.default_code) from None
        try:
            return super().clean()
        except ValidationError as error:
            if self._wrong_password(error):
                lockout.count_failure(self.request, login)
            raise


class LoginForm(_WithinLoginFailureLimit, AllauthLoginForm):
    """allauth's login form within the failed-login limit, without the reset link in the
    password's help text."""

    login_field = "login"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth puts a "forgot password" link into the password's help text, which Django
        # renders before the input: Tab went from the address to that link, not the password.
        # The login page links to the reset below the form instead.
        self.fields["password"].help_text = ""

    def _wrong_password(self, error: ValidationError) -> bool:
        return getattr(error, "code", "").endswith("_password_mismatch")


class AdminLoginForm(_WithinLoginFailureLimit, AdminAuthenticationForm):
    """The admin's login form within the failed-login limit (installed by AccountsConfig)."""

    login_field = "username"

    def _wrong_password(self, error: ValidationError) -> bool:
        # Refused with a right password (not staff, inactive): user_cache holds the account.
        return self.user_cache is None


class AccountDeleteForm(ReauthenticateForm):
    """Delete one's account: the password again (allauth's reauthentication, within the
    failed-login limit), and whether one's posts go too or stay anonymised."""

    DELETE_POSTS = "delete"
    KEEP_POSTS = "keep"

    posts = forms.ChoiceField(
        label=_("What should become of your posts?"),
        choices=[
            (DELETE_POSTS, _("Delete my posts")),
            (KEEP_POSTS, _("Keep my posts without my name (published ones stay on the map)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your posts are deleted or kept.")},
    )
    field_order = ["posts", "password"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["password"].label = _("Your password, to confirm")
        # As on the login form: no reset link in the help text, between the label and the input.
        self.fields["password"].help_text = ""

    def clean_password(self):
        """Refuse over the failed-login limit before checking the password; count a wrong one."""
        login = self.user.get_username()
        try:
            lockout.refuse_if_locked(self.request, login)
        except lockout.TooManyLoginFailures as exc:
            lockout.mark_locked(self.request, exc.wait)  # the page answers 429, as the login's
            raise ValidationError(str(exc.detail), code=exc.default_code) from None
        try:
            return super().clean_password()
        except ValidationError:
            lockout.count_failure(self.request, login)
            raise

    @property
    def keep_posts(self) -> bool:
        """Return whether the person chose to keep their posts, anonymised."""
        return self.cleaned_data["posts"] == self.KEEP_POSTS
