"""Registers the remediation plan's pages (each lives in its own module)."""

from psn_desktop.ui.plan import action_page, plan_page

__all__ = ["action_page", "plan_page"]
