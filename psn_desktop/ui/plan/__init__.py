"""Pages of the remediation plan: the whole plan, and one finding's fix."""
