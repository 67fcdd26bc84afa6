-- Writes: a new user, or every field of an existing one (the password hash as given).
-- Parameters: $username, $display_name, $role, $kommuner, $regions, $password_hash, $email, $by, $at.
insert or replace into app_user
    (username, display_name, role, kommuner, regions, password_hash, email, active, created_by, created_at)
values ($username, $display_name, $role, $kommuner, $regions, $password_hash, $email, true, $by, $at)
