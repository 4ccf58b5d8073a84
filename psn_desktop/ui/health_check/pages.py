"""Registers the IT Health Check section's pages (each lives in its own module)."""

from psn_desktop.ui.health_check import details_page, finding_page, findings_page

__all__ = ["details_page", "finding_page", "findings_page"]
