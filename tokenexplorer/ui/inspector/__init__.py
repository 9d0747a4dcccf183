"""The token inspector: input, found tokens, claims tree, signature, checks, raw token."""
