"""Sending a pack: a resumable, encrypted tus upload, a 'send when online' queue, and a check
of the route to the server.

Where to start reading:

- :mod:`.submission` sends one pack from a workspace (:func:`~.submission.send_pack`) and
  shows the order of the steps the app runs on different threads;
- :mod:`.uploader` is the resume-and-retry loop; :mod:`.tus` the protocol's requests;
- :mod:`.transport` the session (OS trust store, proxies, connection reuse);
- :mod:`.ledger` what the workspace remembers (started, sent, queued);
- :mod:`.offline_queue` 'send when online'; :mod:`.connection_check` the route check;
- :mod:`.problems` and :mod:`.errors` every failure in plain words, with its exit code.

Nothing here imports Qt; the app's panel is in ``psn_desktop.ui.upload``.
"""
