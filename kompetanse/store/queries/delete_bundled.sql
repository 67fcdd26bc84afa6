-- Writes: removes everything the bundled files in data/ provide, before the build inserts it anew;
-- what users added (imported observations, own networks, edited entries) stays.
-- Parameters: none.
delete from county_projection;
delete from county;
delete from municipality;
delete from code_history;
delete from region_member where region_id in (select region_id from region where kind = 'okonomisk_region');
delete from region where kind = 'okonomisk_region';
delete from theme;
delete from indicator;
delete from observation where origin = 'pakke';
delete from project_entry where origin = 'pakke';
delete from boundary;
delete from service_area;
delete from tifaktor_result where origin = 'pakke';
delete from competence_plan where origin = 'pakke';
