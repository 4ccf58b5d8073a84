"""The "Devices and software" section's Qt pages: scan, import, collector, device table."""
