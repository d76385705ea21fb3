"""Pytest plugin: remember each phase's report on the test item, so fixtures can see a failure
(browser tests save a screenshot then)."""

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
