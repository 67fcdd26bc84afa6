-- Writes: an own network.
-- Parameters: $region_id, $name, $slug, $source.
insert into region (region_id, name, kind, slug, county_code, source)
values ($region_id, $name, 'nettverk', $slug, null, $source)
