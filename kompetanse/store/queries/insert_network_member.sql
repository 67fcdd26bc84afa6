-- Writes: one member of an own network.
-- Parameters: $region_id, $kommunenummer.
insert into region_member (region_id, kommunenummer) values ($region_id, $kommunenummer)
