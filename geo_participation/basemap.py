"""The base map under the citizen map: the built archive's version.

layers/basemap/ builds the archive and serves it under this version.
"""

import hashlib
from pathlib import Path

from django.conf import settings


def archive_version() -> str | None:
    """Return the version of the built archive (from its size and mtime), or None without one."""
    try:
        stat = Path(settings.GP_BASEMAP_ARCHIVE).stat()
    except FileNotFoundError:
        return None
    # A rebuild writes a new file (os.replace), so size and mtime change with the content.
    return hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:20]
