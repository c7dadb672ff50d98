"""Files attached to an item: checked by their content, cleaned, stored with their digest."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from vidhuk.core import uploads

from ..models import Appeal, AppealAttachment

ATTACHMENT_MAX_BYTES_DEFAULT = 10 * 1024 * 1024
ATTACHMENTS_MAX_COUNT_DEFAULT = 5
ATTACHMENT_KINDS = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.TEXT})


def attachment_check(*, file: UploadedFile) -> str:
    """The content type of a safe attachment, judged by its content; ValidationError otherwise."""
    return uploads.upload_check(
        file, kinds=ATTACHMENT_KINDS, max_bytes=_attachment_max_bytes()
    ).content_type


def attachments_check(*, files: Sequence[UploadedFile]) -> list[uploads.CheckedUpload]:
    """The attachments checked and cleaned by vidhuk.core.uploads, or ValidationError with a
    message for each refused file.

    Accepted: PDF, JPEG, PNG and UTF-8 plain text, judged by their content; the name's extension
    must agree with it. Each at most settings.VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES (10 MiB), at
    most settings.VIDHUK_APPEAL_ATTACHMENTS_MAX (5) files. A photo is stored re-encoded without
    its EXIF, so a resident's GPS position never reaches the case file.
    """
    max_count = getattr(settings, "VIDHUK_APPEAL_ATTACHMENTS_MAX", ATTACHMENTS_MAX_COUNT_DEFAULT)
    return uploads.uploads_check(
        files, kinds=ATTACHMENT_KINDS, max_bytes=_attachment_max_bytes(), max_count=max_count
    )


def _attachment_max_bytes() -> int:
    return int(
        getattr(settings, "VIDHUK_APPEAL_ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES_DEFAULT)
    )


def attachments_store(*, appeal: Appeal, files: Sequence[UploadedFile]) -> None:
    """Store the files on a saved case; a refused file raises ValidationError (nothing kept)."""
    for checked in attachments_check(files=files):
        content = checked.content
        attachment = AppealAttachment(
            appeal=appeal,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        attachment.file.save("upload", ContentFile(content), save=False)
        attachment.full_clean(exclude=["appeal"])
        attachment.save()
