"""How much reuse adds to readiness: every framework assessed side by side, against the same
assessments with reuse switched off (each framework indexed alone), measured in one run.

Run: ``python bench/bench_reuse.py [--uses N]``. Prints seconds per round and the ratio; the
target is that the overview page (four frameworks) stays well under a blink for a workspace
with thousands of evidence uses, and reuse costs at most a few times plain readiness.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from psn_desktop.domain.catalogue import load_framework
from psn_desktop.domain.model import (
    Answer,
    AnswerStatus,
    EvidenceUse,
    Organisation,
    OrgType,
    WorkspaceData,
    WorkspaceInfo,
)
from psn_desktop.domain.readiness import assess
from psn_desktop.domain.reuse import MappingIndex, installed_index
from psn_desktop.domain.support import load_support_data

AS_OF = date(2026, 11, 23)
IDS = ("psn-coco", "cyber-essentials", "dfe-schools", "nhs-dspt-gp")


def workspace(uses: int) -> WorkspaceData:
    """PSN fully answered, plus ``uses`` evidence uses spread over its requirements."""
    data = WorkspaceData(WorkspaceInfo("bench", AS_OF, list(IDS)))
    data.organisation = Organisation("Bench School", OrgType.SCHOOL)
    psn = load_framework("psn-coco")
    qids = [r.qualified_id for r in psn.requirements]
    for qid in qids:
        data.answers[qid] = Answer(qid, AnswerStatus.MET)
    for n in range(uses):
        sha = hashlib.sha256(str(n).encode()).hexdigest()
        data.evidence_uses.append(EvidenceUse(sha, [qids[n % len(qids)]], f"file {n}", AS_OF,
                                              id=n + 1))
    return data


def rounds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uses", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = workspace(args.uses)
    support = load_support_data()
    frameworks = [load_framework(i) for i in IDS]
    shared = installed_index()
    alone = {f.id: MappingIndex([f]) for f in frameworks}

    def with_reuse() -> None:
        for f in frameworks:
            assess(data, f, AS_OF, support, index=shared)

    def without_reuse() -> None:
        for f in frameworks:
            assess(data, f, AS_OF, support, index=alone[f.id])

    baseline = rounds(without_reuse, args.repeat)
    measured = rounds(with_reuse, args.repeat)
    print(f"{args.uses} evidence uses, {len(frameworks)} frameworks")
    print(f"  without reuse: {baseline * 1000:8.1f} ms per round (baseline)")
    print(f"  with reuse:    {measured * 1000:8.1f} ms per round")
    print(f"  ratio:         {measured / baseline:8.2f}x")


if __name__ == "__main__":
    main()
