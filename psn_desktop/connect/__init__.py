"""Connecting over the internet with encryption: VPN profiles that follow the national IPsec
guidance, checked before they are written.

From the workspace's connection details (and the site's saved choices) :mod:`.plan` builds one
checked plan; :mod:`.windows` turns it into a PowerShell script for Windows' own VPN client
and :mod:`.strongswan` into a swanctl.conf for a router or Linux; :mod:`.generate` is the
service the CLI and the GUI call. The profiles and the grade of every algorithm live in
``resources/ipsec/profiles.json`` with their source. No secret is ever written into a file:
:mod:`.apply` hands a passphrase to the Windows script on standard input only.
"""
