"""The review page: the readiness verdict with every blocker linked to its fix."""
