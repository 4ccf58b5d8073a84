"""The printable declaration: a short PDF the signer can read, sign on paper and hand back,
for the senior information risk owner who never opens the app."""
