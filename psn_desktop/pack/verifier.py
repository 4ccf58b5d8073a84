"""Check a ``.psnpack``: zip, bag, every checksum both ways, results schema, signature.

The checks run straight from the zip: nothing is unpacked, so nothing is written anywhere
and a hostile pack has no disk to fill. Entries are screened first (see
:mod:`psn_desktop.pack.safe_zip`); then the BagIt structure; then every payload file is
hashed and compared with the manifest, and every manifest line with the files, so a file
changed, added, removed or renamed is named; then the tag manifest (which covers the
manifest) and the detached signature over it; then ``results.json`` against its schema and
against the manifest. The verdict lists each file that is wrong and how.

Payload files are hashed on two threads: hashing and inflating release the GIL, so checking
a large pack takes about as long as hashing it once with a dedicated tool.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from psn_desktop.pack import bag
from psn_desktop.pack.errors import UnsafeArchive
from psn_desktop.pack.progress import CancelToken, ProgressCallback
from psn_desktop.pack.results import RESULTS_FORMAT, schema_problems
from psn_desktop.pack.safe_zip import (
    describe,
    name_problem,
    open_archive,
    read_entry,
    read_small,
    screen,
)
from psn_desktop.pack.signing import check_signature_file, normalise_fingerprint

TAG_LIMIT = 64 * 1024 * 1024
RESULTS_LIMIT = 256 * 1024 * 1024
WORKERS = 2
_T = TypeVar("_T")


class Verdict:
    VALID = "valid"  # intact and signed (by the expected key, when one was given)
    UNSIGNED = "unsigned"  # intact, but nothing says who made it
    INVALID = "invalid"


class SignatureState:
    VALID = "valid"
    UNSIGNED = "unsigned"
    INVALID = "invalid"
    MISSING = "missing"  # the pack says it was signed, but the signature is gone


@dataclass(frozen=True)
class Problem:
    file: str  # the entry concerned, or '' for the pack as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


@dataclass
class VerifyReport:
    path: Path
    problems: list[Problem] = field(default_factory=list)
    signature: str = SignatureState.UNSIGNED
    key_fingerprint: str = ""
    files_checked: int = 0
    bytes_checked: int = 0
    organisation: str = ""
    framework: str = ""
    as_of: str = ""
    ready: bool | None = None

    @property
    def verdict(self) -> str:
        if self.problems:
            return Verdict.INVALID
        return Verdict.VALID if self.signature == SignatureState.VALID else Verdict.UNSIGNED

    @property
    def ok(self) -> bool:
        return not self.problems

    def headline(self) -> str:
        name = self.path.name
        if self.verdict == Verdict.VALID:
            return (f"{name} is valid: every file is present and unchanged, and it is signed by "
                    f"the key with fingerprint {self.key_fingerprint}. Confirm that fingerprint "
                    "with the organisation (it is printed on their declaration).")
        if self.verdict == Verdict.UNSIGNED:
            return (f"{name} is intact (every file is present and unchanged), but it is "
                    "unsigned: nothing in it shows who built it. Confirm its SHA-256 with the "
                    "organisation before relying on it.")
        count = len(self.problems)
        return (f"{name} is NOT valid: {count} problem{'s' if count != 1 else ''} found. Do not "
                "rely on it; ask the organisation to send the pack again.")

    def as_text(self) -> str:
        lines = [self.headline()]
        if self.organisation or self.framework:
            lines.append(f"Organisation: {self.organisation or '(not stated)'}; framework: "
                         f"{self.framework or '(not stated)'}; as of {self.as_of or '?'}.")
        lines.append(f"Checked {self.files_checked} files ({self.bytes_checked} bytes). "
                     f"Signature: {self.signature}"
                     + (f" (key {self.key_fingerprint})" if self.key_fingerprint else "") + ".")
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pack": str(self.path),
            "verdict": self.verdict,
            "signature": self.signature,
            "key_fingerprint": self.key_fingerprint or None,
            "organisation": self.organisation or None,
            "framework": self.framework or None,
            "as_of": self.as_of or None,
            "ready": self.ready,
            "files_checked": self.files_checked,
            "bytes_checked": self.bytes_checked,
            "problems": [{"file": p.file or None, "message": p.message} for p in self.problems],
            "summary": self.headline(),
        }


class _Progress:
    """Thread-safe byte counter for the hashing workers."""

    def __init__(self, total: int, callback: ProgressCallback | None,
                 cancel: CancelToken) -> None:
        self.total = total
        self.done = 0
        self._reported = 0
        self._callback = callback
        self._cancel = cancel
        self._lock = threading.Lock()

    def add(self, count: int) -> None:
        self._cancel.check()
        with self._lock:
            self.done += count
            report = self.done - self._reported >= 8 * 1024 * 1024
            if report:
                self._reported = self.done
        if report and self._callback is not None:
            self._callback(self.done, self.total, "Checking every file")


def _hash_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, progress: _Progress) -> str:
    digest = hashlib.sha256()
    for chunk in read_entry(archive, info):
        digest.update(chunk)
        progress.add(len(chunk))
    return digest.hexdigest()


def verify_pack(path: Path, *, expected_fingerprint: str | None = None,
                progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> VerifyReport:
    """Check everything; problems are collected, not raised, so all of them are reported.

    Raises :class:`~psn_desktop.pack.errors.PackError` only when there is no pack to check
    (no such file, not allowed to read it).
    """
    path = Path(path)
    cancel = cancel or CancelToken()
    report = VerifyReport(path)
    try:
        archive = open_archive(path)
    except UnsafeArchive as error:
        report.problems.append(Problem("", str(error)))
        return report
    with archive:
        try:
            _verify(archive, path, report, expected_fingerprint, progress, cancel)
        except UnsafeArchive as error:
            report.problems.append(Problem("", str(error)))
    return report


def _verify(archive: zipfile.ZipFile, path: Path, report: VerifyReport,
            expected: str | None, callback: ProgressCallback | None,
            cancel: CancelToken) -> None:
    files, unsafe = screen(archive, path.stat().st_size)
    if unsafe:
        report.problems += [Problem(p.name, p.problem) for p in unsafe]
        report.problems.append(Problem("", "The pack was not checked further because it is "
                                           "unsafe to read: " + describe(unsafe) + "."))
        return
    entries = {info.filename: info for info in files}

    def tag(name: str) -> bytes | None:
        info = entries.get(name)
        return None if info is None else read_small(archive, info, TAG_LIMIT)

    # ----- bag structure --------------------------------------------------------------------
    bagit = tag(bag.BAGIT_TXT)
    if bagit is None:
        report.problems.append(Problem(bag.BAGIT_TXT, "is missing, so this is not a BagIt bag"))
    else:
        _check_bagit(bagit, report)
    manifest_bytes = tag(bag.MANIFEST)
    tag_manifest_bytes = tag(bag.TAG_MANIFEST)
    if manifest_bytes is None:
        report.problems.append(Problem(bag.MANIFEST, "is missing: the files cannot be checked"))
    if tag_manifest_bytes is None:
        report.problems.append(Problem(bag.TAG_MANIFEST, "is missing: the manifest itself "
                                                         "cannot be checked"))
    payload = {name: info for name, info in entries.items()
               if name.startswith(bag.PAYLOAD_DIR)}
    if not payload:
        report.problems.append(Problem(bag.PAYLOAD_DIR, "is missing or empty"))

    # ----- payload: every file against the manifest, and the manifest against the files -----
    manifest: dict[str, str] = {}
    if manifest_bytes is not None:
        manifest = _parse(bag.MANIFEST, manifest_bytes, report)
        for name in sorted(set(manifest) - set(payload)):
            report.problems.append(Problem(name, "is listed in the manifest but missing from "
                                                 "the pack (removed or renamed)"))
        for name in sorted(set(payload) - set(manifest)):
            report.problems.append(Problem(name, "is in the pack but not in the manifest "
                                                 "(added or renamed)"))
        for name in sorted(n for n in manifest if not n.startswith(bag.PAYLOAD_DIR)):
            report.problems.append(Problem(name, f"is listed in {bag.MANIFEST} but is not "
                                                 "under data/"))
    to_hash = sorted((entries[n] for n in manifest if n in payload),
                     key=lambda info: -info.file_size)
    progress = _Progress(sum(i.file_size for i in to_hash), callback, cancel)
    # results.json is read and checked against its schema (pure Python, a fixed cost) here,
    # while the workers hash; its problems are still reported in their usual place below.
    digests, loaded = _hash_all(archive, to_hash, progress,
                                lambda: _load_results(archive, entries))
    for info in sorted(to_hash, key=lambda i: i.filename):
        actual = digests[info.filename]
        if isinstance(actual, Exception):
            report.problems.append(Problem("", str(actual)))
        elif actual != manifest[info.filename]:
            report.problems.append(Problem(info.filename, "has been changed: its SHA-256 does "
                                                          "not match the manifest"))
    report.files_checked = len(to_hash)
    report.bytes_checked = progress.done

    # ----- tag files: the tag manifest covers the manifest, the signature covers it ---------
    tag_manifest: dict[str, str] = {}
    if tag_manifest_bytes is not None:
        tag_manifest = _parse(bag.TAG_MANIFEST, tag_manifest_bytes, report)
        for name in (bag.BAGIT_TXT, bag.BAG_INFO, bag.MANIFEST):
            if name in entries and name not in tag_manifest:
                report.problems.append(Problem(name, f"is not covered by {bag.TAG_MANIFEST}"))
        for name, digest in sorted(tag_manifest.items()):
            content = tag(name) if name in entries and not name.startswith(bag.PAYLOAD_DIR) \
                else None
            if content is None:
                report.problems.append(Problem(name, f"is listed in {bag.TAG_MANIFEST} but "
                                                     "missing from the pack"))
            elif hashlib.sha256(content).hexdigest() != digest:
                report.problems.append(Problem(name, "has been changed: its SHA-256 does not "
                                                     f"match {bag.TAG_MANIFEST}"))
    others = set(entries) - set(payload) - set(tag_manifest) - {bag.TAG_MANIFEST, bag.SIGNATURE}
    for name in sorted(others):
        report.problems.append(Problem(name, "is in the pack but not listed in any manifest "
                                             "(added)"))
    info_tags = _bag_info(tag(bag.BAG_INFO), report)
    _check_oxum(info_tags, payload, report)

    # ----- results.json: schema, and agreement with the manifest ----------------------------
    results = _results(loaded, manifest, report)
    _check_signature(tag(bag.SIGNATURE), tag_manifest_bytes, results, expected, report)


def _hash_all(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], progress: _Progress,
              meanwhile: Callable[[], _T]) -> tuple[dict[str, str | Exception], _T]:
    """Hash ``infos`` on the workers; ``meanwhile`` runs on this thread as they do."""
    results: dict[str, str | Exception] = {}

    def job(info: zipfile.ZipInfo) -> None:
        try:
            results[info.filename] = _hash_entry(archive, info, progress)
        except UnsafeArchive as error:
            results[info.filename] = error

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="verify") as pool:
        futures = [pool.submit(job, info) for info in infos]
        try:
            other = meanwhile()
            for future in futures:
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results, other


def _parse(name: str, content: bytes, report: VerifyReport) -> dict[str, str]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        report.problems.append(Problem(name, "is not UTF-8 text"))
        return {}
    if text.startswith("\ufeff"):
        report.problems.append(Problem(name, "starts with a byte-order mark, which BagIt "
                                             "forbids"))
        text = text[1:]
    entries, problems = bag.parse_manifest(text)
    report.problems += [Problem(name, p.message) for p in problems]
    for path in list(entries):
        problem = name_problem(path)
        if problem:
            report.problems.append(Problem(name, f"lists '{path}', which {problem}"))
            del entries[path]
    return entries


def _check_bagit(content: bytes, report: VerifyReport) -> None:
    try:
        tags = bag.parse_tags(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        report.problems.append(Problem(bag.BAGIT_TXT, "cannot be read"))
        return
    version = (tags.get("BagIt-Version") or [""])[0]
    encoding = (tags.get("Tag-File-Character-Encoding") or [""])[0]
    if version not in ("0.97", "1.0"):
        report.problems.append(Problem(bag.BAGIT_TXT, f"gives BagIt version '{version}', not "
                                                      "1.0"))
    if encoding.upper() != "UTF-8":
        report.problems.append(Problem(bag.BAGIT_TXT, f"gives the encoding '{encoding}', not "
                                                      "UTF-8"))


def _bag_info(content: bytes | None, report: VerifyReport) -> dict[str, list[str]]:
    if content is None:
        report.problems.append(Problem(bag.BAG_INFO, "is missing"))
        return {}
    try:
        tags = bag.parse_tags(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        report.problems.append(Problem(bag.BAG_INFO, f"cannot be read ({error})"))
        return {}
    report.organisation = (tags.get("Source-Organization") or [""])[0]
    report.as_of = (tags.get("PSN-As-Of") or tags.get("Bagging-Date") or [""])[0]
    return tags


def _check_oxum(tags: dict[str, list[str]], payload: dict[str, zipfile.ZipInfo],
                report: VerifyReport) -> None:
    oxum = (tags.get("Payload-Oxum") or [""])[0]
    if not oxum:
        return
    octets, _, count = oxum.partition(".")
    actual = (sum(info.file_size for info in payload.values()), len(payload))
    if not (octets.isdigit() and count.isdigit()) or (int(octets), int(count)) != actual:
        report.problems.append(Problem(bag.BAG_INFO, f"says the payload is {oxum} (bytes.files) "
                                                     f"but it is {actual[0]}.{actual[1]}"))


@dataclass
class _LoadedResults:
    """results.json read and schema-checked ahead; any failure is kept to be raised in turn."""

    document: Any = None
    failure: BaseException | None = None  # from reading the entry: raised where it was
    not_json: Exception | None = None
    schema: list[str] = field(default_factory=list)


def _load_results(archive: zipfile.ZipFile,
                  entries: dict[str, zipfile.ZipInfo]) -> _LoadedResults | None:
    info = entries.get(bag.RESULTS)
    if info is None:
        return None
    loaded = _LoadedResults()
    try:
        raw = read_small(archive, info, RESULTS_LIMIT)
    except Exception as error:  # UnsafeArchive, raised later where it always was
        loaded.failure = error
        return loaded
    try:
        loaded.document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        loaded.not_json = error
        return loaded
    document = loaded.document
    if isinstance(document, dict) and document.get("format") == RESULTS_FORMAT:
        try:
            loaded.schema = schema_problems(document)
        except Exception as error:
            loaded.failure = error
    return loaded


def _results(loaded: _LoadedResults | None, manifest: dict[str, str],
             report: VerifyReport) -> dict[str, Any] | None:
    if loaded is None:
        report.problems.append(Problem(bag.RESULTS, "is missing"))
        return None
    if loaded.failure is not None and loaded.document is None:
        raise loaded.failure
    if loaded.not_json is not None:
        report.problems.append(Problem(bag.RESULTS, f"is not valid JSON ({loaded.not_json})"))
        return None
    document = loaded.document
    if not isinstance(document, dict) or document.get("format") != RESULTS_FORMAT:
        report.problems.append(Problem(bag.RESULTS, "is not a PSN Desktop results file"))
        return None
    if loaded.failure is not None:
        raise loaded.failure
    for problem in loaded.schema[:20]:
        report.problems.append(Problem(bag.RESULTS, f"does not match its schema: {problem}"))
    organisation = document.get("organisation")
    framework = document.get("framework")
    readiness = document.get("readiness")
    if isinstance(organisation, dict) and organisation.get("name"):
        report.organisation = str(organisation["name"])
    if isinstance(framework, dict):
        report.framework = f"{framework.get('title', '')} {framework.get('version', '')}".strip()
    if isinstance(readiness, dict) and isinstance(readiness.get("ready"), bool):
        report.ready = readiness["ready"]
    report.as_of = str(document.get("as_of") or report.as_of)
    for item in document.get("evidence") or []:
        if not isinstance(item, dict):
            continue
        listed = manifest.get(str(item.get("path")))
        if listed is not None and listed != item.get("sha256"):
            report.problems.append(Problem(str(item.get("path")), f"has a different SHA-256 in "
                                                                  f"{bag.RESULTS} and in the "
                                                                  "manifest"))
        elif listed is None and manifest:
            report.problems.append(Problem(str(item.get("path")), f"is in the evidence index "
                                                                  f"of {bag.RESULTS} but not "
                                                                  "in the pack"))
    return document


def _check_signature(signature: bytes | None, tag_manifest: bytes | None,
                     results: dict[str, Any] | None, expected: str | None,
                     report: VerifyReport) -> None:
    signing = (results or {}).get("signing") or {}
    claimed = signing.get("public_key") if isinstance(signing, dict) else None
    says_signed = isinstance(signing, dict) and signing.get("status") == "signed"
    if signature is None:
        if says_signed:
            report.signature = SignatureState.MISSING
            report.problems.append(Problem(bag.SIGNATURE, "is missing, but the pack says it was "
                                                          "signed: the signature was removed"))
        else:
            report.signature = SignatureState.UNSIGNED
        if expected:
            report.problems.append(Problem("", "The pack is not signed, so it cannot be "
                                               "signed by the expected key "
                                               f"{normalise_fingerprint(expected)}."))
        return
    if tag_manifest is None:
        report.signature = SignatureState.INVALID
        report.problems.append(Problem(bag.SIGNATURE, "signs nothing: the tag manifest is "
                                                      "missing"))
        return
    check = check_signature_file(signature, tag_manifest)
    report.key_fingerprint = check.fingerprint
    if not check.valid:
        report.signature = SignatureState.INVALID
        report.problems.append(Problem(bag.SIGNATURE, f"signature invalid: {check.problem}"))
        return
    report.signature = SignatureState.VALID
    if results is not None and not says_signed:
        report.signature = SignatureState.INVALID
        report.problems.append(Problem(bag.SIGNATURE, "is present, but the pack says it was "
                                                      "built unsigned: a signature was added"))
    elif claimed and claimed != check.public_key:
        report.signature = SignatureState.INVALID
        report.problems.append(Problem(bag.SIGNATURE, "signature invalid: made with a different "
                                                      f"key ({check.fingerprint}) from the one "
                                                      "the pack names: it was re-signed"))
    if expected and normalise_fingerprint(expected) != check.fingerprint:
        report.signature = SignatureState.INVALID
        report.problems.append(Problem(bag.SIGNATURE, f"signed by the key {check.fingerprint}, "
                                                      "not the expected "
                                                      f"{normalise_fingerprint(expected)}"))
