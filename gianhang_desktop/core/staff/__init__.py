"""Staff accounts, roles and permissions, sign-in, and the audit log (issue #18 item 3)."""
