"""The Credentials section's windows: manage a workspace's secrets, and ask for one when needed."""

from psn_desktop.ui.credentials.clipboard import SecretClipboard, secret_mime_data
from psn_desktop.ui.credentials.dialog import CredentialsDialog
from psn_desktop.ui.credentials.edit_dialog import SecretEditDialog
from psn_desktop.ui.credentials.panel import CredentialsPanel
from psn_desktop.ui.credentials.prompt import SecretPromptDialog

__all__ = [
    "CredentialsDialog",
    "CredentialsPanel",
    "SecretClipboard",
    "SecretEditDialog",
    "SecretPromptDialog",
    "secret_mime_data",
]
