"""The login forms (citizens' and the admin's), within the failed-login limit of every way in."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

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
