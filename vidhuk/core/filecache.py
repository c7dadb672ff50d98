"""The page cache on one machine: Django's file cache, its size checked now and then rather
than on every write.

Django's `FileBasedCache` lists its whole directory before every `set` to see whether it holds
more than MAX_ENTRIES files. The page cache writes often — a page stored, a value kept, the
queue board's version bumped at every ticket and every call — and holds up to 5,000 files:
listing them costs about 4 ms of CPU, more than the rest of a kiosk tap's Python. Here a
process lists them at most once every `CULL_EVERY_SECONDS` (an option, 5 s by default), so the
directory may hold a few entries more than MAX_ENTRIES between two checks; each check culls as
Django does (a third of the entries, chosen at random, once past the limit).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.cull_every = float(options.pop("CULL_EVERY_SECONDS", 5))
        super().__init__(dir, {**params, "OPTIONS": options})
        self._next_cull = 0.0

    def _cull(self) -> None:
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.cull_every
        super()._cull()  # type: ignore[misc]
