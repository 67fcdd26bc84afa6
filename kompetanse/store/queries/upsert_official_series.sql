-- Writes: where an indicator's (or the projections' or the KOSTRA groups') official figures come from now.
-- Parameters: $series_id, $source, $table_id, $updated, $fetched_at, $update_id, $first_year,
-- $last_year, $municipalities.
insert or replace into official_series (series_id, source, table_id, updated, fetched_at, update_id,
                                        first_year, last_year, municipalities)
values ($series_id, $source, $table_id, $updated, $fetched_at, $update_id, $first_year, $last_year,
        $municipalities)
