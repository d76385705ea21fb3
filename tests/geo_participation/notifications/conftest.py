"""Residents with confirmed addresses, a moderator, and a worker for the notification tests."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User

from tests.page_helpers import plain_static  # noqa: F401 - a fixture for the page tests
from tests.worker_helpers import MailWorker


@pytest.fixture
def make_resident(db):
    """Return a factory of registered residents with a confirmed address."""

    def make(name: str) -> User:
        user = User.objects.create_user(name, email=f"{name}@example.org", password="x-pw-1")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def moderator(make_user):
    return make_user("mod", "moderators")


@pytest.fixture
def worker(tmp_path):
    """A worker subprocess on the test database; stopped after the test."""
    mail_worker = MailWorker(tmp_path / "outbox")
    yield mail_worker
    mail_worker.stop()
