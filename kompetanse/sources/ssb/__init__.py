"""SSB's PxWebApi v2: the client, table metadata, and one adapter module per table."""
