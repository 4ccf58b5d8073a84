"""What keeping secrets safely costs: long secrets in parts, forgetting a workspace, and the
log scrubbing, each against a baseline measured in the same run.

Run under a real keyring, as the tests do:
``dbus-run-session -- scripts/with-keyring.sh python bench/bench_secrets.py``.
Prints milliseconds and ratios:

- a 9,000-character key (8 parts in Windows-sized entries) saved and read back, against a
  short password: splitting should cost about one keyring call per part, no more;
- forgetting a workspace (every possible entry swept), against deleting one secret;
- logging with 50 secrets being scrubbed, against the same logging with none.
"""

from __future__ import annotations

import io
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from psn_desktop import log_redaction
from psn_desktop.secrets import backend_status, chunks, forget_workspace_secrets, read_secret
from psn_desktop.secrets.store import delete_secret, forget_workspace, store_secret
from psn_desktop.workspace.store import Workspace

ROUNDS = 15


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Median milliseconds of ``action``."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def keyring_costs(workspace: Workspace) -> None:
    short = f"pw-{uuid.uuid4().hex}"[:40]
    long = ("-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n" * 280
            + "-----END PRIVATE KEY-----")

    def round_trip(value: str, key: str) -> Callable[[], None]:
        def run() -> None:
            store_secret(workspace, key, value)
            assert read_secret(workspace.id, key) == value
        return run

    base = timed(round_trip(short, "portal_password"))
    split = timed(round_trip(long, "signing_key"))
    print(f"save + read, {len(short)} characters:    {base:7.1f} ms")
    print(f"save + read, {len(long):,} characters: {split:7.1f} ms  "
          f"(ratio {split / base:.1f}; {len(chunks.split(long))} parts + a header)")

    def delete_one() -> None:
        store_secret(workspace, "vpn_psk", short)
        delete_secret(workspace, "vpn_psk")

    def forget_all() -> None:
        store_secret(workspace, "vpn_psk", short)
        forget_workspace(workspace)

    one = timed(delete_one, 5)
    everything = timed(forget_all, 5)
    print(f"save + delete one secret:        {one:7.1f} ms")
    print(f"save + forget the workspace:     {everything:7.1f} ms  "
          f"(ratio {everything / one:.1f}; sweeps all 25 possible entries)")


def logging_cost() -> None:
    log = logging.getLogger("bench.secrets")
    log.propagate = False
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def burst() -> None:
        for n in range(2000):
            log.info("uploaded part %d of %s to %s", n, "pack.psnpack", "https://example.org/")

    plain = timed(burst, 7)
    log_redaction.protect(*(f"secret-{uuid.uuid4().hex}" for _ in range(50)))
    scrubbed = timed(burst, 7)
    print(f"2,000 log records, no secrets:   {plain:7.1f} ms")
    print(f"2,000 log records, 50 scrubbed:  {scrubbed:7.1f} ms  "
          f"(ratio {scrubbed / plain:.1f})")


def main() -> int:
    status = backend_status()
    if not status.secure:
        print(status.problem, file=sys.stderr)
        return 3
    print(f"Store: {status.store_name}")
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "bench")
        try:
            keyring_costs(workspace)
        finally:
            forget_workspace_secrets(workspace.id)
            workspace.close()
    logging_cost()
    return 0


if __name__ == "__main__":
    sys.exit(main())
