"""A two-host IPsec lab for the tunnel tests: network namespaces, a veth cable, two charons.

Layout (all addresses exist only inside namespaces the lab creates and deletes):

    site namespace                                  gateway namespace
    198.51.100.1 (the site's LAN, on lo)            203.0.113.1 (the PSN side, on lo)
    192.0.2.2 ----------- veth (192.0.2.0/24) ----------- 192.0.2.1

Each namespace runs its own strongSwan ``charon``, started directly (CI machines run no
systemd) with its own strongswan.conf, VICI socket and log, inside a private mount namespace
whose /run is a fresh tmpfs, because charon insists on /run/charon.pid and two daemons would
otherwise collide. ESP is done in user space by charon's kernel-libipsec plugin over a TUN
device: it is the same IKEv2 negotiation and the same ESP packets, and it also works on
kernels built without XFRM ESP support (such as the sandbox VMs this project's CI uses).

Everything has a timeout, and :meth:`Lab.close` kills both daemons' process groups and
deletes both namespaces (which deletes the veth pair with them) whatever state they are in.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SITE_WAN = "192.0.2.2"
GATEWAY_WAN = "192.0.2.1"
SITE_LAN = "198.51.100.1"
SITE_LAN_RANGE = "198.51.100.0/24"
PSN_HOST = "203.0.113.1"
PSN_RANGE = "203.0.113.0/24"

CHARON_CANDIDATES = ("/usr/lib/ipsec/charon", "/usr/libexec/ipsec/charon",
                     "/usr/lib/strongswan/charon")
CHARON_PLUGINS = ("random nonce kdf drbg openssl pem pkcs1 pkcs8 x509 revocation constraints "
                  "pubkey gcm aes sha1 sha2 hmac kernel-libipsec kernel-netlink socket-default "
                  "vici updown")
CLIENT_PLUGINS = "random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey"
CRED_DIRS = ("x509", "x509ca", "x509aa", "x509ocsp", "x509crl", "x509ac", "pubkey", "private",
             "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12", "conf.d")
COMMAND_TIMEOUT = 20


class LabError(RuntimeError):
    pass


def find_charon() -> str:
    for candidate in CHARON_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise LabError("strongSwan's charon daemon is not installed (Debian: strongswan-charon). "
                   "Run scripts/setup.sh, which installs it.")


def check_prerequisites() -> None:
    """Fail loudly (never skip) when the machine cannot run the lab, saying what is missing."""
    if os.geteuid() != 0:
        raise LabError("The tunnel tests make network namespaces and need root, as in CI.")
    find_charon()
    for tool in ("ip", "swanctl", "pki", "unshare", "ping", "mount"):
        if shutil.which(tool) is None:
            raise LabError(f"'{tool}' is missing; scripts/setup.sh installs it.")
    if not os.path.exists("/dev/net/tun"):
        raise LabError("/dev/net/tun is missing, so charon's user-space IPsec cannot run.")


def run(command: list[str], *, env: dict[str, str] | None = None, check: bool = True,
        timeout: float = COMMAND_TIMEOUT, input_text: str | None = None,
        ) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, capture_output=True, text=True, env=env,
                               timeout=timeout, input=input_text, check=False)
    if check and completed.returncode != 0:
        raise LabError(f"{' '.join(command)} failed ({completed.returncode}):\n"
                       f"{completed.stdout}\n{completed.stderr}")
    return completed


@dataclass
class Host:
    name: str  # "site" or "gateway"
    namespace: str
    folder: Path  # its SWANCTL_DIR, strongswan.conf, socket and log
    process: subprocess.Popen[bytes] | None = None

    @property
    def conf(self) -> Path:
        return self.folder / "strongswan.conf"

    @property
    def socket(self) -> Path:
        return self.folder / "charon.vici"

    @property
    def log(self) -> Path:
        return self.folder / "charon.log"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["STRONGSWAN_CONF"] = str(self.conf)
        env["SWANCTL_DIR"] = str(self.folder)
        return env

    def swanctl(self, *args: str, check: bool = True,
                timeout: float = COMMAND_TIMEOUT) -> subprocess.CompletedProcess[str]:
        return run(["swanctl", *args], env=self.env(), check=check, timeout=timeout)

    def exec(self, *args: str, check: bool = True,
             timeout: float = COMMAND_TIMEOUT) -> subprocess.CompletedProcess[str]:
        return run(["ip", "netns", "exec", self.namespace, *args], check=check, timeout=timeout)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"


class Lab:
    """Two namespaces joined by a veth pair; start charons with :meth:`start`."""

    def __init__(self) -> None:
        check_prerequisites()
        tag = f"{os.getpid() % 100000}"
        self.root = Path(tempfile.mkdtemp(prefix="psnlab"))  # short: socket paths are limited
        self.site = Host("site", f"psnlab{tag}s", self.root / "site")
        self.gateway = Host("gateway", f"psnlab{tag}g", self.root / "gw")
        self._veth = (f"psv{tag}s", f"psv{tag}g")
        self._made_namespaces: list[str] = []
        try:
            self._make_network()
        except BaseException:
            self.close()
            raise

    def _make_network(self) -> None:
        for host in (self.site, self.gateway):
            with contextlib.suppress(LabError):  # a leftover from a killed run
                run(["ip", "netns", "del", host.namespace])
            run(["ip", "netns", "add", host.namespace])
            self._made_namespaces.append(host.namespace)
            run(["ip", "-n", host.namespace, "link", "set", "lo", "up"])
        site_if, gw_if = self._veth
        run(["ip", "link", "add", site_if, "netns", self.site.namespace, "type", "veth",
             "peer", "name", gw_if, "netns", self.gateway.namespace])
        for host, ifname, address, lan in ((self.site, site_if, SITE_WAN, SITE_LAN),
                                           (self.gateway, gw_if, GATEWAY_WAN, PSN_HOST)):
            run(["ip", "-n", host.namespace, "addr", "add", f"{address}/24", "dev", ifname])
            run(["ip", "-n", host.namespace, "link", "set", ifname, "up"])
            run(["ip", "-n", host.namespace, "addr", "add", f"{lan}/32", "dev", "lo"])
        self.site.exec("ping", "-c", "1", "-W", "2", GATEWAY_WAN)

    # ----- daemons --------------------------------------------------------------------------

    def prepare(self, host: Host) -> None:
        """A fresh strongSwan folder for ``host``: credential folders and strongswan.conf."""
        if host.folder.exists():
            shutil.rmtree(host.folder)
        for sub in CRED_DIRS:
            (host.folder / sub).mkdir(parents=True)
        host.conf.write_text(
            "charon {\n"
            f"    load = {CHARON_PLUGINS}\n"
            "    install_virtual_ip = no\n"
            "    retransmit_tries = 2\n"
            "    retransmit_timeout = 1.0\n"
            f"    plugins {{\n        vici {{\n            socket = unix://{host.socket}\n"
            "        }\n    }\n"
            f"    filelog {{\n        lab {{\n            path = {host.log}\n"
            "            default = 1\n            ike = 2\n            cfg = 2\n"
            "            flush_line = yes\n        }\n    }\n"
            "    syslog {\n        daemon {\n            default = -1\n        }\n    }\n"
            "}\n"
            f"swanctl {{\n    load = {CLIENT_PLUGINS}\n    socket = unix://{host.socket}\n}}\n"
            f"pki {{\n    load = {CLIENT_PLUGINS} gmp sha1 sha2\n}}\n"
        )

    def start(self, host: Host, timeout: float = 15.0) -> None:
        charon = find_charon()
        env = host.env()
        host.process = subprocess.Popen(
            ["ip", "netns", "exec", host.namespace, "unshare", "--mount",
             "--propagation", "private", "sh", "-c",
             f"mount -t tmpfs psnlab-run /run && exec {charon}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if host.process.poll() is not None:
                raise LabError(f"charon for the {host.name} stopped at once "
                               f"(exit {host.process.returncode}):\n{host.log_text()}")
            if host.socket.exists() and host.swanctl("--stats", check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise LabError(f"charon for the {host.name} did not open its socket within "
                       f"{timeout:.0f} s:\n{host.log_text()}")

    def stop(self, host: Host) -> None:
        process = host.process
        host.process = None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def close(self) -> None:
        for host in (self.site, self.gateway):
            with contextlib.suppress(Exception):
                self.stop(host)
        for namespace in self._made_namespaces:
            with contextlib.suppress(Exception):
                # Anything still running in the namespace is ours: end it by its id.
                pids = run(["ip", "netns", "pids", namespace], check=False).stdout.split()
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError, ValueError):
                        os.kill(int(pid), signal.SIGKILL)
            with contextlib.suppress(Exception):
                run(["ip", "netns", "del", namespace], check=False)
        self._made_namespaces.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    # ----- certificates ---------------------------------------------------------------------

    def pki(self, *args: str, output: Path) -> None:
        env = self.site.env()  # any host's strongswan.conf: it has a quiet pki section
        completed = subprocess.run(["pki", *args], capture_output=True, env=env,
                                   timeout=COMMAND_TIMEOUT, check=False)
        if completed.returncode != 0:
            raise LabError(f"pki {' '.join(args)} failed: {completed.stderr.decode()}")
        output.write_bytes(completed.stdout)

    def make_ca(self, folder: Path, key_type: str, bits: int) -> tuple[Path, Path]:
        key, cert = folder / "ca.key", folder / "ca.pem"
        self.pki("--gen", "--type", key_type, "--size", str(bits), "--outform", "pem",
                 output=key)
        self.pki("--self", "--ca", "--lifetime", "400", "--in", str(key), "--type", key_type,
                 "--digest", "sha256", "--dn", "C=GB, O=PSN Lab, CN=PSN Lab CA",
                 "--outform", "pem", output=cert)
        return key, cert

    def issue(self, ca: tuple[Path, Path], folder: Path, name: str, key_type: str, bits: int,
              dn: str, san: str) -> tuple[Path, Path]:
        key, cert = folder / f"{name}.key", folder / f"{name}.pem"
        self.pki("--gen", "--type", key_type, "--size", str(bits), "--outform", "pem",
                 output=key)
        self.pki("--issue", "--cacert", str(ca[1]), "--cakey", str(ca[0]), "--type", "priv",
                 "--in", str(key), "--dn", dn, "--san", san, "--lifetime", "400",
                 "--digest", "sha256", "--outform", "pem", output=cert)
        return key, cert

    # ----- looking at the result ------------------------------------------------------------

    def wait_for_child(self, host: Host, timeout: float = 20.0) -> dict[str, str]:
        """Wait until an IKE_SA with an INSTALLED child exists; return its --raw fields."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            last = host.swanctl("--list-sas", "--raw", check=False).stdout
            if "state=ESTABLISHED" in last and "state=INSTALLED" in last:
                return parse_sas(last)
            time.sleep(0.2)
        raise LabError(f"No tunnel within {timeout:.0f} s. list-sas said:\n{last}\n"
                       f"{host.name} log:\n{host.log_text()[-6000:]}")


def parse_sas(raw: str) -> dict[str, str]:
    """The IKE_SA's fields plus ``child.<n>.<field>`` for each child, from ``--raw`` output."""
    fields: dict[str, str] = {}
    ike_part, _, children = raw.partition("child-sas {")
    for key, value in re.findall(r"([a-z-]+)=([^\s{}\[\]]+)", ike_part):
        fields.setdefault(key, value)
    for index, block in enumerate(re.findall(r"[\w-]+ \{([^{}]*)\}", children)):
        for key, value in re.findall(r"([a-z-]+)=([^\s{}\[\]]+)", block):
            fields[f"child.{index}.{key}"] = value
    return fields
