"""Accounts: roles, e-mail-verified API authentication, and who is asking on every request."""
