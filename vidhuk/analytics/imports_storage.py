"""An uploaded case-system export waits between its preview and its import as a file with a
random name under MEDIA_ROOT/provision-imports/ — not in the session, which every page loads.

The session keeps only the token (32 hex characters, checked before a path is built from it),
the file's name and the centre. The file is deleted after the import, and any left behind by a
preview nobody confirmed is deleted a day later (at the next upload).
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "provision-imports"


def _path(token: str) -> Path | None:
    return _folder() / token if _TOKEN.match(token) else None


def upload_keep(data: bytes) -> str:
    """Keep the bytes; the token that names them."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - MAX_AGE_SECONDS
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / token).write_bytes(data)
    return token


def upload_read(token: str) -> bytes | None:
    """The kept bytes, or None when the token is malformed or the file is gone."""
    path = _path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def upload_drop(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)
