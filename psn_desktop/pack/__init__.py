"""Building and verifying the evidence pack (``.psnpack``): a signed BagIt bag in a zip.

The pieces, each small enough to read in one sitting:

* :mod:`~psn_desktop.pack.builder`: prepare, write and record a pack (the entry point);
* :mod:`~psn_desktop.pack.contents`: the facts that go in, worked out once;
* :mod:`~psn_desktop.pack.report`: the PDF report, one module per section;
* :mod:`~psn_desktop.pack.results` and :mod:`~psn_desktop.pack.plan_csv`: the data files;
* :mod:`~psn_desktop.pack.bag`, :mod:`~psn_desktop.pack.zip_writer`,
  :mod:`~psn_desktop.pack.evidence_stream`, :mod:`~psn_desktop.pack.output`: the bag, the
  deterministic streaming zip, the evidence streamed in, the all-or-nothing output file;
* :mod:`~psn_desktop.pack.signing` and :mod:`~psn_desktop.pack.keys`: the Ed25519 signature
  and the workspace's key in the keyring;
* :mod:`~psn_desktop.pack.verifier` and :mod:`~psn_desktop.pack.safe_zip`: checking a pack
  that may be hostile.
"""
