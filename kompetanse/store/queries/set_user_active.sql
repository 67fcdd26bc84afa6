-- Writes: turns a user's access on or off.
-- Parameters: $username, $active.
update app_user set active = $active where username = $username
