"""The few requests of the tus 1.0 resumable upload protocol that sending a pack needs.

tus (https://tus.io) is an open standard with many existing servers, which is why the
receiver can run any of them. The protocol is small: ``POST`` to the server's address
creates an upload and answers with the upload's own address; ``HEAD`` on that address says
how many bytes the server holds (the offset); ``PATCH`` appends bytes at that offset;
``DELETE`` throws an unfinished upload away. Everything else (retrying, resuming,
remembering the address) is in :mod:`psn_desktop.submit.uploader`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import requests

from psn_desktop.submit.body import CancelToken, FileSlice
from psn_desktop.submit.endpoint import resolve_location
from psn_desktop.submit.errors import ConnectionTrouble, ServerRefused, UploadExpired
from psn_desktop.submit.problems import check_status
from psn_desktop.submit.transport import TUS_VERSION, Transport

OFFSET_CONFLICT = "offset-conflict"


@dataclass(frozen=True)
class ServerInfo:
    """What a tus server says about itself in answer to ``OPTIONS``."""

    versions: tuple[str, ...]
    extensions: tuple[str, ...]
    max_size: int | None


def encode_metadata(metadata: dict[str, str]) -> str:
    """The ``Upload-Metadata`` header: ``key base64(value)`` pairs separated by commas."""
    pairs = []
    for key, value in metadata.items():
        if not key or any(ch in key for ch in " ,") or not key.isascii():
            raise ValueError(f"'{key}' cannot be a tus metadata key")
        encoded = base64.b64encode(value.encode("utf-8")).decode("ascii")
        pairs.append(f"{key} {encoded}" if value else key)
    return ",".join(pairs)


def _header_int(response: requests.Response, name: str) -> int | None:
    value = response.headers.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _not_tus(response: requests.Response, name: str) -> ServerRefused:
    return ServerRefused(
        f"The server at {response.url} answered, but not as a tus upload server does (its "
        f"reply had no valid {name}). Check the upload address with whoever receives your "
        "pack.", response.status_code)


class TusClient:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def server_info(self, endpoint: str) -> ServerInfo:
        response = self.transport.request("OPTIONS", endpoint)
        check_status(response, self.transport.proxy, expected={200, 204},
                     action="asking the server what it supports")
        versions = tuple(v.strip() for v in response.headers.get("Tus-Version", "").split(",")
                         if v.strip())
        if not versions:
            raise _not_tus(response, "Tus-Version")
        extensions = tuple(e.strip() for e in
                           response.headers.get("Tus-Extension", "").split(",") if e.strip())
        return ServerInfo(versions, extensions, _header_int(response, "Tus-Max-Size"))

    def create(self, endpoint: str, size: int, metadata: dict[str, str]) -> str:
        """Start an upload of ``size`` bytes; the server's address for it."""
        response = self.transport.request("POST", endpoint, headers={
            "Upload-Length": str(size),
            "Upload-Metadata": encode_metadata(metadata),
            "Content-Length": "0",
        })
        check_status(response, self.transport.proxy, expected={201},
                     action="starting the upload")
        location = response.headers.get("Location", "")
        if not location:
            raise _not_tus(response, "Location")
        return resolve_location(endpoint, location)

    def offset(self, url: str) -> int:
        """How many bytes of the upload the server holds now."""
        response = self.transport.request("HEAD", url, headers={"Cache-Control": "no-store"})
        if response.status_code in (404, 410):
            raise UploadExpired(url)
        check_status(response, self.transport.proxy, expected={200, 204},
                     action="asking how much of the pack the server has")
        offset = _header_int(response, "Upload-Offset")
        if offset is None:
            raise _not_tus(response, "Upload-Offset")
        return offset

    def append(self, url: str, handle: BinaryIO, offset: int, length: int, *,
               cancel: CancelToken | None = None,
               on_bytes: Callable[[int], None] | None = None) -> tuple[int, int]:
        """Send ``length`` bytes from ``offset``; (the server's new offset, bytes handed over).

        The byte count is kept even when the request fails part-way, so callers can say
        exactly how much went out on each attempt.
        """
        body = FileSlice(handle, offset, length, cancel=cancel, on_bytes=on_bytes)
        try:
            response = self.transport.request("PATCH", url, data=body, headers={
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": str(offset),
                "Content-Length": str(length),
            })
        except ConnectionTrouble as trouble:
            trouble.sent = body.sent
            raise
        if response.status_code in (404, 410):
            raise UploadExpired(url)
        if response.status_code == 409:
            trouble = ConnectionTrouble(
                "The server holds a different amount of the pack than expected; PSN Desktop "
                "asks it again and carries on from there.", OFFSET_CONFLICT, retryable=True)
            trouble.sent = body.sent
            raise trouble
        try:
            check_status(response, self.transport.proxy, expected={200, 204},
                         action="sending the pack")
        except ConnectionTrouble as trouble:
            trouble.sent = body.sent
            raise
        new_offset = _header_int(response, "Upload-Offset")
        if new_offset is None:
            raise _not_tus(response, "Upload-Offset")
        return new_offset, body.sent

    def terminate(self, url: str) -> bool:
        """Ask the server to throw an unfinished upload away; False if it would not."""
        response = self.transport.request("DELETE", url)
        return response.status_code in (200, 204, 404, 410)


__all__ = ["TUS_VERSION", "ServerInfo", "TusClient", "encode_metadata"]
