"""Send the digest by e-mail: HTML with a plain-text alternative, over SMTP (smtplib)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from monitor.config.settings import Config

log = logging.getLogger(__name__)


class MailError(Exception):
    """The message could not be sent; one line naming the server and the reason."""


def build_message(config: Config, subject: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: ``text`` first, ``html`` preferred by mail readers.

    The default policy encodes a non-ASCII subject as RFC 2047 UTF-8 and the bodies as UTF-8.
    """
    sender = config["digest.email.sender"]
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(config["digest.email.recipients"])
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def send_message(config: Config, msg: EmailMessage, timeout: float = 30.0) -> None:
    """Deliver ``msg`` to the configured recipients; raises MailError."""
    host, port = config["digest.email.smtp_host"], config["digest.email.smtp_port"]
    recipients = list(config["digest.email.recipients"])
    if not recipients:
        raise MailError("digest.email.recipients is empty: nobody to send the digest to")
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if config["digest.email.starttls"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["digest.email.username"]:
                smtp.login(config["digest.email.username"], config["digest.email.password"])
            refused = smtp.send_message(msg, to_addrs=recipients)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"cannot send mail via {host}:{port}: {exc}") from exc
    if refused:
        log.warning("mail server refused recipients: %s", ", ".join(sorted(refused)))
    log.info("sent %r to %d recipient(s) via %s:%s", msg["Subject"], len(recipients) - len(refused),
             host, port)


def send_digest(config: Config, subject: str, text: str, html: str) -> None:
    """Build and send one digest e-mail."""
    send_message(config, build_message(config, subject, text, html))
