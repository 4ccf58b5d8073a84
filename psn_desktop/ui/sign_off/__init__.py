"""The sign-off page: the declaration signed in the app, or printed and signed on paper."""
