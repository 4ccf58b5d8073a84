"""Real network parts for the upload tests: certificates, the tus server, a cutting wire, a proxy.

Everything listens on 127.0.0.1 only. The certificates are made per run with ``trustme``
(a throwaway CA and a server certificate for 127.0.0.1 and localhost), so nothing on this
machine's own trust store changes; a test makes the CA "trusted by the operating system"
by pointing OpenSSL's default verify file at it (``SSL_CERT_FILE``, which ``truststore``
honours on Linux through ``ssl.get_default_verify_paths``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trustme

SERVER_SCRIPT = Path(__file__).with_name("tus_server_app.py")


@dataclass
class Certificates:
    folder: Path
    ca: trustme.CA

    @property
    def ca_file(self) -> Path:
        return self.folder / "test-ca.pem"

    @property
    def cert_file(self) -> Path:
        return self.folder / "server-chain.pem"

    @property
    def key_file(self) -> Path:
        return self.folder / "server.key"


def make_certificates(folder: Path, *, names: tuple[str, ...] = ("127.0.0.1", "localhost"),
                      ) -> Certificates:
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="PSN Desktop Test CA")
    server = ca.issue_cert(*names)
    certs = Certificates(folder, ca)
    ca.cert_pem.write_to_path(str(certs.ca_file))
    server.private_key_pem.write_to_path(str(certs.key_file))
    server.cert_chain_pems[0].write_to_path(str(certs.cert_file))
    for extra in server.cert_chain_pems[1:]:
        extra.write_to_path(str(certs.cert_file), append=True)
    return certs


class TusServer:
    """tuspyserver under uvicorn in its own process, over TLS when given certificates."""

    def __init__(self, files: Path, *, certs: Certificates | None = None, token: str = "") -> None:
        self.files = files
        self.certs = certs
        self.token = token
        self.port = 0
        self._process: subprocess.Popen[str] | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.certs else "http"

    @property
    def endpoint(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/files/"

    def endpoint_via(self, port: int) -> str:
        return f"{self.scheme}://127.0.0.1:{port}/files/"

    def start(self) -> TusServer:
        command = [sys.executable, str(SERVER_SCRIPT), "--files", str(self.files)]
        if self.certs:
            command += ["--cert", str(self.certs.cert_file), "--key", str(self.certs.key_file)]
        if self.token:
            command += ["--token", self.token]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                                         env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert self._process.stdout is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if line.startswith("PORT "):
                self.port = int(line.split()[1])
                return self
            if not line and self._process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("the test tus server did not start")

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
        if self._process and self._process.stdout:
            self._process.stdout.close()
        self._process = None

    def __enter__(self) -> TusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----- looking at the server's side --------------------------------------------------

    def _control(self, path: str, method: str = "GET") -> object:
        """Talk to the /_test switches (over the same TLS, trusting the test CA explicitly)."""
        import ssl

        context = ssl.create_default_context(cafile=str(self.certs.ca_file)) \
            if self.certs else None
        request = urllib.request.Request(f"{self.scheme}://127.0.0.1:{self.port}{path}",
                                         method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def fail_next(self, method: str, count: int, status: int = 503) -> None:
        self._control(f"/_test/fail?method={method}&count={count}&status={status}", "POST")

    def limit_requests(self, size: int) -> None:
        """Refuse (413) any PATCH larger than ``size`` bytes; 0 lifts the limit."""
        self._control(f"/_test/limit?bytes={size}", "POST")

    def last_token(self) -> str:
        """The bearer token the server last received on an upload request."""
        return str(self._control("/_test/last-token")["token"])  # type: ignore[index]

    def counts(self) -> dict[str, int]:
        return dict(self._control("/_test/counts"))  # type: ignore[arg-type]

    def stored_file(self, upload_url: str) -> Path:
        return self.files / upload_url.rstrip("/").rsplit("/", 1)[-1]

    def stored_sha256(self, upload_url: str) -> str:
        return sha256_file(self.stored_file(upload_url))

    def stored_info(self, upload_url: str) -> dict:
        path = self.stored_file(upload_url).with_suffix(".info")
        return json.loads(path.read_text())

    def stored_metadata(self, upload_url: str) -> dict[str, str]:
        return dict(self.stored_info(upload_url)["metadata"])

    def uploads(self) -> list[Path]:
        return sorted(p for p in self.files.iterdir() if p.is_file() and not p.suffix)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def make_pack(path: Path, size: int, *, seed: int = 1) -> Path:
    """A real zip (a minimal bag) padded with incompressible bytes to about ``size``."""
    import random
    import zipfile

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("pack/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: "
                                           "UTF-8\n")
        archive.writestr("pack/bag-info.txt", "Source-Organization: Ysgol Gynradd Pen-y-ŵyn\n"
                                              "PSN-Framework: psn-coco\n")
        archive.writestr("pack/data/evidence.bin", rng.randbytes(max(size - 600, 1)))
    return path


# ----- a wire that cuts connections ---------------------------------------------------------


@dataclass
class DroppingForwarder:
    """A TCP relay in front of the server that cuts each of the first connections after N bytes.

    ``budgets`` lists, per new connection in order, how many client-to-server bytes it may
    carry before both sides are cut; connections after the list are never cut. TLS passes
    through untouched (the client still talks to the real server and checks its
    certificate); only the wire is unreliable.
    """

    target_port: int
    budgets: list[int]
    port: int = 0
    forwarded: int = 0
    cuts: int = 0
    connections: int = 0
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _open: list[socket.socket] = field(default_factory=list)
    _closing: bool = False

    def start(self) -> DroppingForwarder:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            budget = self.budgets[self.connections] if self.connections < len(self.budgets) \
                else None
            self.connections += 1
            thread = threading.Thread(target=self._relay, args=(client, budget), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _relay(self, client: socket.socket, budget: int | None) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        self._open.extend((client, server))
        pairs = {client: server, server: client}
        try:
            while True:
                readable, _, _ = select.select(list(pairs), [], [], 30)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is client and budget is not None:
                        allowed = data[:max(budget, 0)]
                        budget -= len(allowed)
                        if allowed:
                            server.sendall(allowed)
                            self.forwarded += len(allowed)
                        if budget <= 0:
                            self.cuts += 1
                            return
                        continue
                    pairs[source].sendall(data)
                    if source is client:
                        self.forwarded += len(data)
        except OSError:
            return
        finally:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def stop(self) -> None:
        self._closing = True
        if self._listener:
            self._listener.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def __enter__(self) -> DroppingForwarder:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ----- an HTTP proxy (CONNECT only), optionally asking for a login ---------------------------


@dataclass
class ConnectProxy:
    """Just enough of a web proxy for HTTPS: ``CONNECT host:port``, loopback targets only."""

    login: str = ""  # "user:password" to demand Proxy-Authorization, "" for none
    port: int = 0
    tunnels: list[str] = field(default_factory=list)
    refused_logins: int = 0
    _listener: socket.socket | None = None
    _closing: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ConnectProxy:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in
                       (line.partition(":") for line in lines[1:])}
            if self.login:
                expected = "Basic " + base64.b64encode(self.login.encode()).decode()
                if headers.get("proxy-authorization") != expected:
                    self.refused_logins += 1
                    client.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                                   b"Proxy-Authenticate: Basic realm=\"school\"\r\n"
                                   b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                    return
            host, _, port = target.rpartition(":")
            if method != "CONNECT" or host not in ("127.0.0.1", "localhost"):
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            server = socket.create_connection(("127.0.0.1", int(port)))
            self.tunnels.append(target)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            pairs = {client: server, server: client}
            while True:
                readable, _, _ = select.select(list(pairs), [], [], 30)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    pairs[source].sendall(data)
        except OSError:
            return
        finally:
            client.close()

    def stop(self) -> None:
        self._closing = True
        if self._listener:
            self._listener.close()

    def __enter__(self) -> ConnectProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class FakeClock:
    """Time that moves only when the uploader waits: the give-up rule in milliseconds."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def free_port() -> int:
    """A port nobody listens on (bound then released) for 'server down' checks."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def trusted_by_os(certs: Certificates) -> Iterator[None]:
    """Make the test CA part of the 'operating system's' store for truststore on Linux."""
    saved = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(certs.ca_file)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SSL_CERT_FILE", None)
        else:
            os.environ["SSL_CERT_FILE"] = saved
