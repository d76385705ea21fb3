"""The login form, with the password-reset link where keyboard users expect it."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    """allauth's login form without the reset link in the password's help text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth puts a "forgot password" link into the password's help text, which Django
        # renders before the input: Tab went from the address to that link, not the password.
        # The login page links to the reset below the form instead.
        self.fields["password"].help_text = ""
