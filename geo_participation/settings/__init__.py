"""Settings, one module per concern; every value comes from the environment (see .env.example).

base      Django itself: apps, middleware, database, cache, languages, files, API, logging
accounts  sign-in, failed-login limits, mail and notifications
security  transport security, cookies, Content-Security-Policy
service   the service's own GP_* settings: intake, rates, tiles, photos, aggregates, areas
"""

from .accounts import *  # noqa: F403
from .base import *  # noqa: F403
from .security import *  # noqa: F403
from .service import *  # noqa: F403
