"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from local_harness.ports import free_port


class Sink:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, _server, _session, envelope) -> str:  # aiosmtpd's hook, called positionally
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def bodies(self) -> list[str]:
        return [m.get_body(("html", "plain")).get_content() for m in self.messages]


@contextmanager
def smtp_sink() -> Iterator[tuple[Sink, str]]:
    """(the sink, the Airflow connection `amazon_alerts_smtp` pointing at it, as JSON)."""
    port = free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            sink,
            json.dumps(
                {
                    "conn_type": "smtp",
                    "host": "127.0.0.1",
                    "port": port,
                    "extra": {
                        "to": "ops@example.com, oncall@example.com",
                        "from_email": "airflow@example.com",
                        "disable_ssl": True,
                        "disable_tls": True,
                        "timeout": 10,
                        "retry_limit": 1,
                    },
                }
            ),
        )
    finally:
        controller.stop()
