"""Sign-in and mail: accounts (django-allauth), failed-login limits, the mail server and
notification mails."""

from .base import env

# Accounts (django-allauth): sign-up by e-mail address, usable only after the address is
# confirmed through the link mailed at sign-up. One login page takes a username (staff, the demo
# accounts) or an e-mail address (residents).
AUTHENTICATION_BACKENDS = [
    # Usernames: the admin, the demo accounts, HTTP basic auth of API clients.
    "django.contrib.auth.backends.ModelBackend",
    # E-mail addresses: the login form (and basic auth with an address).
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_FORMS = {"login": "geo_participation.accounts.forms.LoginForm"}
# Where a login lands by role, and the site name in mails (geo_participation/accounts/adapter.py).
ACCOUNT_ADAPTER = "geo_participation.accounts.adapter.AccountAdapter"
# The service's name in mails and their subject lines ("Hallo von Bürgerbeteiligung!"); never
# the host name, which is what allauth would say without django.contrib.sites.
GP_SITE_NAME = env.str("GP_SITE_NAME", default="Bürgerbeteiligung")
# Empty: GP_SITE_NAME in brackets (accounts/adapter.py).
GP_EMAIL_SUBJECT_PREFIX = env.str("GP_EMAIL_SUBJECT_PREFIX", default="")
LOGIN_URL = "account_login"
# Residents without ?next= land here; moderators and planners land on their tools.
LOGIN_REDIRECT_URL = env.str("GP_LOGIN_REDIRECT_URL", default="/")
# Mail: the console by default (development: confirmation links appear in the server log);
# SMTP with e.g. GP_EMAIL_URL=smtp+tls://user:password@mail.example.org:587. Tests use
# Django's in-memory backend (the test runner sets it).
_email = env.email_url("GP_EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# filemail:////abs/path (four slashes; three make it relative) writes each mail as a file there.
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", "")
# Seconds an SMTP connection may hang before the send fails (and the job is retried).
EMAIL_TIMEOUT = env.int("GP_EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("GP_DEFAULT_FROM_EMAIL", default="beteiligung@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where residents reach the site: the base of every link in a notification mail (the worker
# has no request to take a host from).
GP_SITE_URL = env.str("GP_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Notification mails (geo_participation/notifications/, docs/notifications.md): a failed send
# is tried this many times, waiting GP_NOTIFY_RETRY_WAIT ** (attempt + 1) seconds between (5: 5 s,
# 25 s, 2 min, 10 min, 52 min, 4.3 h, 21.7 h); after that the worker's periodic task re-queues
# unsent ones on this cron schedule (a sixth field counts seconds).
GP_NOTIFY_MAX_ATTEMPTS = env.int("GP_NOTIFY_MAX_ATTEMPTS", default=8)
GP_NOTIFY_RETRY_WAIT = env.int("GP_NOTIFY_RETRY_WAIT", default=5)
GP_NOTIFY_REQUEUE_CRON = env.str("GP_NOTIFY_REQUEUE_CRON", default="*/30 * * * *")

# Failed logins allowed per client address and, apart, per username within a fixed window
# (allauth's rate syntax: "10/15m" is ten per fifteen minutes), on every way in: the login
# forms, HTTP Basic and API tokens (geo_participation/accounts/lockout.py). Over it: 429 with
# Retry-After, before any password is hashed.
GP_LOGIN_FAILURES = env.str("GP_LOGIN_FAILURES", default="10/15m")
# allauth's own failed-login limit is off: GP_LOGIN_FAILURES counts the form's failures too, in
# the counters Basic and tokens share. allauth's other limits (sign-up, resets) stay as they are.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
