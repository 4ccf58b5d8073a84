"""The Qt layer: windows, pages, dialogs and workers. Renders the journey; holds no rules.

Only this package imports Qt. Pages report what the user typed to the store (through the
session's autosave) and ask the journey engine where to go next.
"""
