"""Errors whose message is meant for the user, in Norwegian."""


class KompetanseError(Exception):
    """An error the user can act on; `str(error)` is a complete Norwegian sentence."""


class DatabaseError(KompetanseError):
    """The database file cannot be used as it is; the app explains and keeps running."""


class DatabaseMissingError(DatabaseError):
    """The database file does not exist."""


class DatabaseUnreadableError(DatabaseError):
    """The file exists but cannot be read (permissions, a folder in its place)."""


class DatabaseCorruptError(DatabaseError):
    """The file is not a whole DuckDB database (damaged, truncated, another kind of file)."""


class DatabaseLockedError(DatabaseError):
    """Another program holds the file open for writing."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer version of kompetanse."""


class DatabaseBusyError(KompetanseError):
    """Another process holds the write lock for too long."""


class AccessDenied(KompetanseError):
    """The user may not do this (not logged in, wrong role, or outside their municipalities)."""


class DiskFullError(DatabaseError):
    """The disk is full: the write was not made, and nothing changed."""
