"""One module per section's pages; each page class registers itself for its step."""
