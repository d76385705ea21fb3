"""The worker's job for tiles: render a campaign's low zooms ahead (layers.tiles.prerender).

Queued by a database trigger (layers/migrations/0001_prerender_queue.py), never from Python:
the queue name, task name and the lock's shape are written there too.
"""

from django.db import close_old_connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import prerender

QUEUE = "tiles"


@app.task(
    name="tiles.prerender",
    queue=QUEUE,
    # A database hiccup: tried again soon. Meanwhile the web workers serve the previous
    # rendering, and after GP_PRERENDER_MAX_WAIT_S render changed tiles themselves.
    retry=RetryStrategy(max_attempts=3, wait=2),
)
def prerender_campaign(campaign_id: int) -> dict:
    """Render the aggregated public tiles of a campaign's current version; return what was done."""
    # Worker threads outlive a request cycle: drop broken or expired connections first.
    close_old_connections()
    try:
        return prerender.render_campaign(campaign_id)
    finally:
        close_old_connections()
