"""The digest e-mail through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config.settings import Config, load_config
from monitor.digest.mail import MailError, send_digest
from tests.fixtures_smtp import Inbox, free_port


def _config(tmp_path: Path, port: int) -> Config:
    return load_config(data={"data_dir": str(tmp_path), "digest": {"email": {
        "enabled": True, "smtp_host": "127.0.0.1", "smtp_port": port,
        "sender": "newsmon@example.kz", "recipients": ["a@example.kz", "b@example.kz"]}}},
        environ={})


def test_digest_mail_is_multipart_alternative_utf8(smtp: tuple[Inbox, int],
                                                  tmp_path: Path) -> None:
    inbox, port = smtp
    subject = "Дайджест за 23.11.2026: Түркістан облысы"
    send_digest(_config(tmp_path, port), subject, "# Дайджест\n\nЗавод в Шымкенте",
                "<h1>Дайджест</h1><p>Завод в Шымкенте</p>")
    assert len(inbox.messages) == 1
    rcpts, mail = inbox.messages[0]
    assert rcpts == ["a@example.kz", "b@example.kz"]
    assert mail["Subject"] == subject  # RFC 2047 decoded back by the parser
    assert mail.get_content_type() == "multipart/alternative"
    parts = [(p.get_content_type(), p.get_content_charset(), p.get_content())
             for p in mail.iter_parts()]
    assert [(t, c) for t, c, _ in parts] == [("text/plain", "utf-8"), ("text/html", "utf-8")]
    assert "Завод в Шымкенте" in parts[0][2] and "<h1>Дайджест</h1>" in parts[1][2]


def test_unreachable_server_raises_mail_error(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(MailError, match=f"127.0.0.1:{port}"):
        send_digest(_config(tmp_path, port), "s", "t", "<p>h</p>")
