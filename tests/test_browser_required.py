"""`make test` sets GP_REQUIRE_BROWSER=1: browser tests then fail, never skip, without chromium."""

import pytest

from tests import web_browser


def test_missing_browser_fails_under_gp_require_browser(monkeypatch):
    monkeypatch.setattr(web_browser, "REQUIRE_BROWSER", True)
    mark = web_browser.unless_present("/nonexistent/chromium", reason="x")
    assert (mark.name, mark.args) == ("usefixtures", ("browser_tools_required",))
    monkeypatch.setattr(web_browser, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="/nonexistent/chromium"):
        web_browser.fail_missing_browser_tools()


def test_missing_browser_skips_otherwise(monkeypatch):
    monkeypatch.setattr(web_browser, "REQUIRE_BROWSER", False)
    mark = web_browser.unless_present("/nonexistent/chromium", reason="x")
    assert (mark.name, mark.args) == ("skipif", (True,))
    assert web_browser.unless_present(__file__, reason="x").args == (False,)


def test_make_test_requires_the_browser():
    from django.conf import settings

    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert "GP_REQUIRE_BROWSER=1 $(VENV)/bin/pytest" in makefile
