"""The VPN profile's window: choices in plain words, generate, save, and how to apply it."""
