"""The one gateway to DuckDB: reads, the write door, the cache per data version, backups, build, SQL."""
