-- Schema version 7: a recommendation an indicator is measured against (KS: 2 apprentices per 1000
-- inhabitants), kept in the catalogue so a new one is a row in data/catalogue/indikatorer.csv.
alter table indicator add column recommendation double;
alter table indicator add column recommendation_label varchar;
