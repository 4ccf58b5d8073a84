"""Pages of the IT Health Check section: details, the report, the findings and their import."""
