"""``python -m psn_desktop``: the same as the ``psn-desktop`` command."""

import sys

from psn_desktop.cli import main

sys.exit(main())
