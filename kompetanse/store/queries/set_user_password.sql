-- Writes: a user's new password hash.
-- Parameters: $username, $password_hash.
update app_user set password_hash = $password_hash where username = $username
