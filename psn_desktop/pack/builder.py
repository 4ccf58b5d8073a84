"""Build a ``.psnpack``: a signed BagIt bag in a zip, streamed, reproducible, all or nothing.

Three steps, so the GUI can keep the workspace on its own thread and the slow part off it:

1. :func:`prepare` (where the workspace lives) checks the output, takes one snapshot of the
   workspace and finds every evidence file; it fails early, with a message saying what to do.
2. :func:`write_pack` (any thread) gets the signing key, writes the report, ``results.json``
   and ``plan.csv``, then streams every file into the zip, hashing as it goes, reporting
   progress in bytes and stopping cleanly when cancelled.
3. :func:`record` (where the workspace lives) notes the pack's SHA-256 and the signing key.

:func:`build_pack` does all three in turn, for the command line.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from psn_desktop.domain.catalogue import CatalogueError, Framework, load_framework
from psn_desktop.domain.model import PersonRole, WorkspaceData
from psn_desktop.domain.support import SupportDataError
from psn_desktop.pack import bag
from psn_desktop.pack.compression import SAMPLE_SIZE, should_deflate
from psn_desktop.pack.contents import APP_NAME, PackContents, SignerInfo, choose_as_of, gather
from psn_desktop.pack.errors import OutputExists, PackEnvironmentError, PackError
from psn_desktop.pack.evidence_stream import (
    EvidenceEntry,
    Prehasher,
    plan_entries,
    stream_entries,
)
from psn_desktop.pack.keys import KeyPlan, plan_key
from psn_desktop.pack.output import AtomicHashingFile
from psn_desktop.pack.plan_csv import plan_csv
from psn_desktop.pack.progress import CancelToken, ProgressCallback, ProgressTracker
from psn_desktop.pack.report import build_report
from psn_desktop.pack.results import RESULTS_FORMAT, RESULTS_VERSION, results_json
from psn_desktop.pack.signing import signature_file
from psn_desktop.pack.zip_writer import ZipStreamWriter
from psn_desktop.resource_files import resource_path
from psn_desktop.workspace.errors import EvidenceError
from psn_desktop.workspace.store import Workspace

PACK_SUFFIX = ".psnpack"
LAST_PACK_SETTING = "pack.last"
HISTORY_SETTING = "pack.history"
HISTORY_LENGTH = 20
DISK_MARGIN = 16 * 1024 * 1024  # the report, manifests and zip records, generously


@dataclass
class PackRequest:
    """Everything :func:`write_pack` needs; holds no open workspace."""

    output: Path
    force: bool
    data: WorkspaceData
    framework: Framework
    as_of: date
    as_of_source: str
    evidence_paths: dict[str, Path]
    key_plan: KeyPlan

    @property
    def evidence_bytes(self) -> int:
        return sum(record.size for record in self.data.evidence_files.values())


@dataclass
class PackResult:
    path: Path
    sha256: str
    size: int
    as_of: date
    ready: bool
    signer: SignerInfo
    files: int
    notes: list[str] = field(default_factory=list)  # as written in the report
    key_plan: KeyPlan | None = None
    advice: list[str] = field(default_factory=list)  # for the person who built it

    @property
    def fingerprint(self) -> str:
        """The pack's SHA-256 in groups of eight, for reading out or pasting."""
        return " ".join(self.sha256[i:i + 8] for i in range(0, 64, 8))


def check_output(output: Path, force: bool) -> Path:
    output = Path(output).expanduser()
    if output.is_dir():
        raise PackError(f"{output} is a folder. Give the pack a file name inside it, for "
                        f"example {output / ('evidence' + PACK_SUFFIX)}.")
    if not output.parent.is_dir():
        raise PackError(f"The folder {output.parent} does not exist. Create it first, or "
                        "choose another place for the pack.")
    if output.exists() and not force:
        raise OutputExists(output)
    return output


def prepare(workspace: Workspace, output: Path, *, as_of: date | None = None,
            framework_id: str | None = None, force: bool = False,
            today: date | None = None) -> PackRequest:
    """Check everything that can be checked before any byte is written."""
    output = check_output(output, force)
    data = workspace.load()
    framework_id = framework_id or data.info.frameworks[0]
    if not resource_path("frameworks", f"{framework_id}.json").is_file():
        raise PackError(f"There is no framework called '{framework_id}'. This workspace uses: "
                        f"{', '.join(data.info.frameworks)}.")
    try:
        framework = load_framework(framework_id)
    except CatalogueError as error:
        raise PackError(str(error)) from None
    day, source = choose_as_of(data, framework.id, as_of, today or date.today())
    paths: dict[str, Path] = {}
    missing = []
    for sha, record in sorted(data.evidence_files.items()):
        try:
            paths[sha] = workspace.evidence_path(sha)
        except EvidenceError:
            missing.append(record.original_name)
    if missing:
        raise PackError(f"{len(missing)} evidence file{'s are' if len(missing) != 1 else ' is'} "
                        f"missing from the workspace: {', '.join(missing)}. Attach "
                        f"{'them' if len(missing) != 1 else 'it'} again, then build the pack.")
    request = PackRequest(output, force, data, framework, day, source, paths,
                          plan_key(workspace))
    free = shutil.disk_usage(output.parent).free
    if free < request.evidence_bytes + DISK_MARGIN:
        raise PackEnvironmentError(
            f"There is not enough free space in {output.parent} for the pack (it needs about "
            f"{(request.evidence_bytes + DISK_MARGIN) // 2**20 + 1} MB; "
            f"{free // 2**20} MB is free). Free some space or choose another place.")
    return request


def _bag_info(contents: PackContents, payload_bytes: int, payload_files: int) -> bytes:
    data = contents.data
    org = data.organisation
    contact = data.person(PersonRole.CONTACT)
    address = ", ".join(p for p in (org.address.line1, org.address.line2, org.address.town,
                                    org.address.postcode) if p)
    framework = contents.framework
    signer = contents.signer
    return bag.bag_info_txt([
        ("Source-Organization", org.name),
        ("Organization-Address", address),
        ("Contact-Name", contact.name),
        ("Contact-Email", contact.email),
        ("Contact-Phone", contact.phone),
        ("External-Description", f"PSN compliance evidence pack: {framework.title} "
                                 f"{framework.version}, as of {contents.as_of.isoformat()}"),
        ("External-Identifier", data.info.id),
        ("Bagging-Date", contents.as_of.isoformat()),
        ("Bag-Software-Agent", f"{APP_NAME} {contents.app_version}"),
        ("Payload-Oxum", f"{payload_bytes}.{payload_files}"),
        ("PSN-Framework", framework.id),
        ("PSN-Framework-Version", framework.version),
        ("PSN-As-Of", contents.as_of.isoformat()),
        ("PSN-Readiness", "ready" if contents.readiness.ready else "not ready"),
        ("PSN-Results-Format", f"{RESULTS_FORMAT} {RESULTS_VERSION}"),
        ("PSN-Signing-Key", signer.fingerprint if signer.signed else "unsigned"),
    ])


def write_pack(request: PackRequest, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None, *,
               require_signature: bool = False) -> PackResult:
    """Write the pack; never leaves a partial file. Safe on a worker thread.

    With ``require_signature``, a pack that could not be signed is not written at all.
    """
    cancel = cancel or CancelToken()
    tracker = ProgressTracker(total=0, callback=progress, cancel=cancel)
    tracker.set_stage("Getting the signing key")
    signer = request.key_plan.obtain()
    if require_signature and not signer.signed:
        raise PackEnvironmentError(f"The pack was not built because it could not be signed: "
                                   f"{signer.reason} {request.key_plan.advice}".strip())
    tracker.set_stage("Writing the report")
    try:
        contents = gather(request.data, request.framework, request.as_of, request.as_of_source,
                          signer)
    except SupportDataError as error:
        raise PackError(str(error)) from None
    if request.key_plan.note:
        contents.notes.append(request.key_plan.note)
    evidence = plan_entries(contents.evidence, request.evidence_paths)
    tracker.total = sum(e.size * (1 if e.deflate else 2) for e in evidence)
    # The stored files' first (hashing) pass starts now, on the other core, while the report
    # is rendered; it is closed by stream_entries, or below if the build stops before that.
    prehasher = Prehasher(evidence, tracker)
    try:
        return _write(request, tracker, cancel, signer, contents, evidence, prehasher)
    finally:
        prehasher.close()


def _write(request: PackRequest, tracker: ProgressTracker, cancel: CancelToken,
           signer: SignerInfo, contents: PackContents, evidence: list[EvidenceEntry],
           prehasher: Prehasher) -> PackResult:
    generated = {
        bag.PLAN: plan_csv(contents),
        bag.REPORT: build_report(contents),
        bag.RESULTS: results_json(contents),
    }
    cancel.check()
    payload_bytes = sum(e.size for e in evidence) + sum(len(v) for v in generated.values())
    payload_files = len(evidence) + len(generated)
    tracker.total += sum(len(v) for v in generated.values())
    tracker.set_stage("Packing the evidence")

    manifest: dict[str, str] = {}
    with AtomicHashingFile(request.output) as sink:
        zipper = ZipStreamWriter(sink, request.as_of)
        tags = {bag.BAGIT_TXT: bag.bagit_txt(),
                bag.BAG_INFO: _bag_info(contents, payload_bytes, payload_files)}
        for name, content in tags.items():
            zipper.add_bytes(name, content, compress=False)
        # data/evidence/… sorts before data/plan.csv, data/report.pdf and data/results.json.
        manifest.update(stream_entries(zipper, evidence, tracker, prehasher))
        for path, content in sorted(generated.items()):
            zipper.add_bytes(path, content, compress=should_deflate(path, content[:SAMPLE_SIZE]))
            manifest[path] = hashlib.sha256(content).hexdigest()
            tracker.add(len(content))
        tracker.set_stage("Signing")
        tags[bag.MANIFEST] = bag.manifest_txt(manifest.items())
        tag_manifest = bag.manifest_txt((name, hashlib.sha256(content).hexdigest())
                                        for name, content in tags.items())
        zipper.add_bytes(bag.MANIFEST, tags[bag.MANIFEST], compress=True)
        zipper.add_bytes(bag.TAG_MANIFEST, tag_manifest, compress=False)
        if signer.signed and request.key_plan.key is not None:
            zipper.add_bytes(bag.SIGNATURE, signature_file(tag_manifest, request.key_plan.key),
                             compress=False)
        zipper.close()
        cancel.check()
        sha = sink.commit()
        size = sink.size
    tracker.finish()
    advice = [request.key_plan.advice] if request.key_plan.advice else []
    return PackResult(request.output, sha, size, request.as_of, contents.readiness.ready,
                      signer, payload_files, list(contents.notes), request.key_plan, advice)


def record(workspace: Workspace, result: PackResult) -> None:
    """Note the pack in the workspace (its SHA-256 above all) and the key that signed it."""
    if workspace.read_only:
        return
    if result.key_plan is not None:
        result.key_plan.commit(workspace)
    entry = {
        "path": str(result.path.resolve()),
        "sha256": result.sha256,
        "size": result.size,
        "as_of": result.as_of.isoformat(),
        "built_on": date.today().isoformat(),
        "ready": result.ready,
        "signed": result.signer.signed,
        "key_fingerprint": result.signer.fingerprint,
    }
    history = workspace.setting(HISTORY_SETTING) or []
    if not isinstance(history, list):
        history = []
    workspace.set_setting(LAST_PACK_SETTING, entry)
    workspace.set_setting(HISTORY_SETTING, [entry, *history][:HISTORY_LENGTH])


def build_pack(workspace: Workspace, output: Path, *, as_of: date | None = None,
               framework_id: str | None = None, force: bool = False,
               progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
               require_signature: bool = False) -> PackResult:
    """Prepare, write and record in one call (the command line's way)."""
    request = prepare(workspace, output, as_of=as_of, framework_id=framework_id, force=force)
    result = write_pack(request, progress, cancel, require_signature=require_signature)
    record(workspace, result)
    return result
