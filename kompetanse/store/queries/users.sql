-- Grain: one row per user of the app (local or OIDC), by user name.
-- Key: username
-- Parameters: none.
select
    app_user.username,
    app_user.display_name,
    app_user.role,
    app_user.kommuner,
    app_user.regions,
    app_user.password_hash,
    app_user.email,
    app_user.active,
    app_user.created_by,
    app_user.created_at
from app_user
order by app_user.username
