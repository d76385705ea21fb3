"""Django's database cache with an atomic incr, for counters that every worker shares."""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    """DatabaseCache whose incr() locks the row, so concurrent increments are never lost.

    Django's incr() is a get followed by a set: two workers counting at once both write the
    same value, and a throttle under a burst lets through more than its limit. Redis (the other
    supported cache) increments atomically by itself.
    """

    def incr(self, key, delta=1, version=None):
        """Add delta to the counter under a row lock and return the new value, expiry unchanged."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {table} WHERE cache_key = %s AND expires >= %s FOR UPDATE",  # noqa: S608 - table from settings
                [key, now()],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            # The expiry stays as it was: the counter belongs to a fixed time window.
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [encoded, key],
            )
        return value
