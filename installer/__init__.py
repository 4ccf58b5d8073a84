"""Freezing PSN Desktop and building its Windows installer: see installer/build.py."""
