"""The "Build the evidence pack" page and the verify dialog (Qt only; the work is in
:mod:`psn_desktop.pack`)."""
