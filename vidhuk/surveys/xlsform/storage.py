"""The uploaded export waits between the preview and the import as a file with a random name.

The form carries only a signed value naming that file, the centre and the version; the path is
built here from a name that must be 32 hex characters, never taken from the form. The file is
deleted after the import, and any left behind is deleted after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "vidhuk.surveys.xlsform-upload"
MAX_AGE_SECONDS = 24 * 60 * 60
_NAME_RE = re.compile(r"^[0-9a-f]{32}$")
KINDS = ("csv", "xlsx")


class UploadGone(Exception):
    """The signed value is forged, expired, for another centre or version, or the file is gone."""


@dataclass(frozen=True)
class PendingUpload:
    name: str
    kind: str
    source_name: str
    centre_id: int
    version_id: int

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.name}.{self.kind}"


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "survey-imports"


def purge_old_uploads(*, now: float | None = None) -> int:
    """Delete uploads older than a day (previews nobody confirmed)."""
    folder = upload_dir()
    if not folder.is_dir():
        return 0
    limit = (now or time.time()) - MAX_AGE_SECONDS
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def store_upload(
    *, data: bytes, kind: str, source_name: str, centre_id: int, version_id: int
) -> str:
    """Keep the bytes under a random name; the signed value that names them."""
    if kind not in KINDS:
        raise ValueError(kind)
    purge_old_uploads()
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    (folder / f"{name}.{kind}").write_bytes(data)
    return signing.dumps(
        {"n": name, "k": kind, "s": source_name[:255], "c": centre_id, "v": version_id},
        salt=SALT,
    )


def pending_upload(token: str, *, centre_id: int, version_id: int) -> PendingUpload:
    """The upload the signed ``token`` names, for this centre and version, if it still exists."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise UploadGone from None
    if not isinstance(data, dict):
        raise UploadGone
    upload = PendingUpload(
        name=str(data.get("n", "")),
        kind=str(data.get("k", "")),
        source_name=str(data.get("s", "")),
        centre_id=int(data.get("c", 0)),
        version_id=int(data.get("v", 0)),
    )
    if (
        not _NAME_RE.match(upload.name)
        or upload.kind not in KINDS
        or upload.centre_id != centre_id
        or upload.version_id != version_id
        or not upload.path.is_file()
    ):
        raise UploadGone
    return upload


def claim_upload(upload: PendingUpload) -> Path:
    """Take the file for one import: a second submit of the same form finds it gone."""
    claimed = upload.path.with_name(f"{upload.name}.{upload.kind}.importing")
    try:
        upload.path.rename(claimed)
    except FileNotFoundError:
        raise UploadGone from None
    return claimed


def release_upload(upload: PendingUpload, claimed: Path) -> None:
    """Give the file back after an import that stored nothing (the preview stays usable)."""
    claimed.rename(upload.path)


def delete_upload(claimed: Path) -> None:
    claimed.unlink(missing_ok=True)
