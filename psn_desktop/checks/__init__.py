"""Checks of this computer, the collector for other PCs, and importing an estate.

One small module per check, each with a Windows implementation (PowerShell and CIM through
one command runner with time limits) and a Linux one. Checks only read: they never change
a setting and never need admin rights, and a check that cannot run says why instead of
failing the whole scan.
"""
