-- Writes: removes the stored protection of the families and years about to be worked out again; the
-- frame `stale_protection` (family, indicator_id, year) names them.
-- Parameters: none.
delete from hidden_cell
where exists (
    select 1 from stale_protection
    where stale_protection.indicator_id = hidden_cell.indicator_id and stale_protection.year = hidden_cell.year
);
delete from hidden_total
where exists (
    select 1 from stale_protection
    where stale_protection.indicator_id = hidden_total.indicator_id and stale_protection.year = hidden_total.year
);
delete from protection_state
where exists (
    select 1 from stale_protection
    where stale_protection.family = protection_state.family and stale_protection.year = protection_state.year
);
