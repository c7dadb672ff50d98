"""A real SMTP server for mail tests (aiosmtpd on a free loopback port).

Tests read what actually arrived over SMTP, after Django's SMTP backend has sent it.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # the bytes as received (a DKIM signature is checked on these)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        message["X-Envelope-From"] = envelope.mail_from
        self.raw.append(envelope.original_content or envelope.content)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    @staticmethod
    def header(message: EmailMessage, name: str) -> str:
        """A decoded header; folding of long encoded headers leaves a leading space."""
        return str(message[name]).strip()

    def bodies(self, message: EmailMessage) -> dict[str, str]:
        """The text of each part by content type (text/plain, text/html)."""
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        return parts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, ready_timeout=30)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
