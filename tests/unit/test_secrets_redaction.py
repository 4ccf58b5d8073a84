"""The log filter: every secret the app has handled is scrubbed from every log record."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_desktop import log_redaction
from psn_desktop.logging_setup import configure_logging, log_file, stop_logging
from psn_desktop.secrets import backend as store_backend
from psn_desktop.secrets import forget_workspace_secrets, read_secret, store_secret
from psn_desktop.secrets.store import username
from psn_desktop.workspace.store import Workspace
from tests.keyring_env import require_secret_service

log = logging.getLogger("psn_desktop.test_redaction")


@pytest.fixture
def app_log(isolated_home: Path) -> Iterator[Path]:
    path = configure_logging(logging.DEBUG)
    try:
        yield path
    finally:
        stop_logging()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    require_secret_service()
    ws = Workspace.create(tmp_path / "ws")
    try:
        yield ws
    finally:
        forget_workspace_secrets(ws.id)
        ws.close()


def log_everywhere(value: str) -> None:
    log.warning("plain %s and %r", value, value)
    log.info(f"formatted {value}")
    log.debug("in a dict %s", {"token": value})
    try:
        raise RuntimeError(f"the server said no to {value}")
    except RuntimeError:
        log.exception("request failed for %s", value)
    log.error("with stack", stack_info=True, extra={"note": value})


def test_a_stored_secret_never_reaches_the_log_file(app_log: Path, workspace: Workspace):
    value = f"psk-{uuid.uuid4().hex}\\with'quote"
    store_secret(workspace, "vpn-psk", value)
    log_everywhere(value)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = app_log.read_text(encoding="utf-8")
    assert app_log == log_file() and app_log.parent.name == "logs"
    assert "RuntimeError" in text and "request failed for [redacted]" in text
    quote = repr(value)[0]
    assert f"plain [redacted] and {quote}[redacted]{quote}" in text
    assert value not in text
    assert value.replace("\\", "\\\\") not in text  # nor its escaped (repr) form
    assert value.split("\\")[0] + "\\" not in text


def test_a_secret_read_back_is_scrubbed_too(app_log: Path, workspace: Workspace):
    # Written by another process earlier: this process learns it only by reading it.
    value = f"token-{uuid.uuid4().hex}"
    store_backend.set_entry(username(workspace.id, "upload_token"), value)
    assert read_secret(workspace.id, "upload_token") == value
    log.warning("uploading with %s", value)
    logging.getLogger().handlers[-1].flush()
    text = app_log.read_text(encoding="utf-8")
    assert "uploading with [redacted]" in text
    assert value not in text


def test_the_filter_scrubs_records_for_any_handler(caplog: pytest.LogCaptureFixture):
    value = f"filter-{uuid.uuid4().hex}"
    log_redaction.protect(value)
    with caplog.at_level(logging.INFO, logger="psn_desktop.test_redaction"):
        log.info("a value %s inside", value)
    assert caplog.records[-1].getMessage() == "a value [redacted] inside"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "again %s", (value,), None)
    record.note = f"extra {value}"
    assert log_redaction.SecretRedactingFilter().filter(record) is True
    assert record.getMessage() == "again [redacted]"
    assert record.note == "extra [redacted]"


def test_longer_values_are_scrubbed_before_values_inside_them():
    inner = f"in-{uuid.uuid4().hex}"
    outer = f"{inner}-and-more-{uuid.uuid4().hex}"
    log_redaction.protect(inner, outer)
    assert log_redaction.redact(f"[{outer}] [{inner}]") == "[[redacted]] [[redacted]]"
    assert log_redaction.redact("nothing secret here") == "nothing secret here"


def test_one_pass_and_short_values_only_as_words():
    redactor = log_redaction.Redactor()
    assert not redactor.active and redactor.redact("abc") == "abc"
    redactor.protect("abc", "o", "redacted", "a much longer secret")
    assert redactor.redact("password=abc; abcdef o-ring o") == \
        "password=[redacted]; abcdef [redacted]-ring [redacted]"
    # the marker put in is never scrubbed again, even when a secret looks like it
    assert redactor.redact("x a much longer secret y") == "x [redacted] y"
    assert redactor.redact("[redacted]") == "[[redacted]]"
    assert redactor.protect("abc") is False
