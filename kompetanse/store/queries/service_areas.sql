-- Grain: one row per service area (tjenesteområde), in display order.
-- Key: area_id
-- Parameters: none.
select service_area.area_id, service_area.name, service_area.sort_order
from service_area
order by service_area.sort_order
