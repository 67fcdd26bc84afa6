-- Writes: which example data set the build made ('standard', 'national' or 'none').
-- Parameters: $scale.
insert or replace into meta (key, value) values ('bundle_scale', $scale)
