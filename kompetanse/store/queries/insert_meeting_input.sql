-- Writes: one input from a theme meeting.
-- Parameters: $kommunenummer, $unit, $meeting_date, $question, $text, $category_id, $user, $at.
insert into meeting_input (kommunenummer, unit, meeting_date, question, text, category_id, registered_by,
    registered_at)
values ($kommunenummer, $unit, $meeting_date, $question, $text, $category_id, $user, $at)
