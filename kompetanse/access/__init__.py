"""Who may do what: users and roles, passwords, the login throttle, networks, settings, the audit log."""
