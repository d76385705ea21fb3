"""Production settings come from the environment alone: `check --deploy` finds nothing to warn.

Settings are read once per process, so each environment is checked in a fresh `manage.py`.
"""

import os
import subprocess
import sys

from django.conf import settings

from tests.page_helpers import plain_static  # noqa: F401 - a fixture (the 404 page's styles)

# The production environment the docs list (TLS at a proxy that sets X-Forwarded-Proto).
PRODUCTION = {
    "GP_DEBUG": "false",
    "GP_SECRET_KEY": "k7Qx2-" + "pR9vLm3Zt8Wc5Ny1Hb6Jd4Fg0Ks7Ea2Uo9Ti3Yw" * 2,
    "GP_ALLOWED_HOSTS": "beteiligung.example.org",
    "GP_CSRF_TRUSTED_ORIGINS": "https://beteiligung.example.org",
    "GP_SECURE_COOKIES": "true",
    "GP_BEHIND_TLS_PROXY": "true",
    "GP_SSL_REDIRECT": "true",
    "GP_HSTS_SECONDS": "31536000",
    "GP_HSTS_INCLUDE_SUBDOMAINS": "true",
    "GP_HSTS_PRELOAD": "true",
    # The Impressum's required details (pages.W001-W003 warn while one is unset).
    "GP_OPERATOR_NAME": "Stadt Kaiserslautern",
    "GP_OPERATOR_ADDRESS": "Willy-Brandt-Platz 1\\n67657 Kaiserslautern",
    "GP_CONTACT_EMAIL": "beteiligung@kaiserslautern.example",
}


def manage(*args, environment):
    # Only this environment's GP_ variables (the repository's .env gives the secret key).
    env = {k: v for k, v in os.environ.items() if not k.startswith("GP_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="geo_participation.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_environment_passes_check_deploy_without_warnings():
    done = manage("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output


def test_check_deploy_names_each_unset_operator_setting():
    unset = {k: v for k, v in PRODUCTION.items() if not k.startswith(("GP_OPERATOR", "GP_CONTACT"))}
    done = manage("check", "--deploy", environment=unset)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output  # warnings, not errors: the demo runs without them
    for name in ("GP_OPERATOR_NAME", "GP_OPERATOR_ADDRESS", "GP_CONTACT_EMAIL"):
        assert f"{name} is not set" in output


def test_development_defaults_pass_check_and_stay_on_plain_http():
    done = manage("check", "--fail-level", "WARNING", environment={})
    assert done.returncode == 0, done.stdout + done.stderr
    done = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        environment={},
    )
    assert done.stdout.split() == ["False", "0", "False", "False"], done.stderr


def test_check_deploy_names_what_the_defaults_leave_open():
    # The defaults are for http on 127.0.0.1; the deploy check says what production must set.
    done = manage("check", "--deploy", "--fail-level", "WARNING", environment={})
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


def test_ssl_redirect_spares_the_health_probes(client, settings, db, plain_static):  # noqa: F811
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == "https://localhost/"
    for path in ("/healthz", "/healthz/", "/readyz", "/readyz/"):
        # Load balancers probe over plain http: never sent to https.
        response = client.get(path, HTTP_HOST="localhost")
        assert not response.get("Location", "").startswith("https://"), path
