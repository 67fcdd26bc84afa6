-- Schema version 14: each municipality's chosen written standard (målform), the app's default language.
-- From data/registry/kommuner_fakta_aprestmo.csv, column maalform: 'Bokmål', 'Nynorsk' or 'Nøytral'
-- (null when the file has no row). The source is uncertain, to be confirmed against the municipalities'
-- own vedtak (Språkrådet keeps the official list); data/SOURCES.md says so too.
alter table municipality add column maalform varchar;
