-- Grain: one row per response an official update received (the import log of the sources), newest first.
-- Key: update_id, url, fetched_at (a request that was retried, 429 or 5xx, has one row per answer)
-- Parameters: $update_id (nullable: every update).
select
    source_fetch.update_id,
    source_fetch.source,
    source_fetch.url,
    source_fetch.method,
    source_fetch.http_status,
    source_fetch.fetched_at,
    source_fetch.updated,
    source_fetch.sha256,
    source_fetch.size_bytes
from source_fetch
where $update_id::integer is null or source_fetch.update_id = $update_id
order by source_fetch.update_id desc, source_fetch.fetched_at, source_fetch.url
