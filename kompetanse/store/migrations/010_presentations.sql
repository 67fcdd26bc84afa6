-- Schema version 10: named presentations that an editor saves for a region and anyone can open
-- (issue 15): the views in order and the takeaways the editor wrote for them.
create table presentation (
    region_id varchar not null,
    name_key varchar not null,          -- the name in lower case: one presentation per name and region
    name varchar not null,              -- as the editor typed it
    saved_by varchar not null,
    saved_at timestamp not null,
    primary key (region_id, name_key)
);

create table presentation_slide (
    region_id varchar not null,
    name_key varchar not null,
    position integer not null,          -- 1, 2, ... in the order the slides are shown
    view_id varchar not null,           -- 'bar:<indicator>', 'trend:<indicator>', 'gap:<indicator>', 'programmes'
    takeaway varchar,                   -- null: the suggested one-liner for the year shown
    primary key (region_id, name_key, position)
);
