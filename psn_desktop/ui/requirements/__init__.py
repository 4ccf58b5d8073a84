"""Pages of the requirement areas: one page per requirement (answer, reason, evidence)."""
