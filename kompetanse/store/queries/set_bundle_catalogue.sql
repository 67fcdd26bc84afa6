-- Writes: the SHA-256 of data/catalogue/*.csv at the build, so a changed or added indicator row
-- reaches an existing database the next time it is opened (store/build.py: open_current).
-- Parameters: $digest.
insert or replace into meta (key, value) values ('bundle_catalogue', $digest)
