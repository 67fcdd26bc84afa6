-- Writes: a category for theme-meeting inputs that a coordinator added.
-- Parameters: $id, $name.
insert into input_category (category_id, name, origin) values ($id, $name, 'redigert')
