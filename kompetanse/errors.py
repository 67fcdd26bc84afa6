"""Errors whose message is meant for the user, in Norwegian."""


class KompetanseError(Exception):
    """An error the user can act on; `str(error)` is a complete Norwegian sentence."""


class DatabaseMissingError(KompetanseError):
    """The database file does not exist."""


class SchemaTooNewError(KompetanseError):
    """The database was written by a newer version of kompetanse."""


class DatabaseBusyError(KompetanseError):
    """Another process holds the write lock for too long."""
