-- The links found by pipelines/links.py replace the previous ones (batch_links is registered).
delete from vacancy_links;

insert into vacancy_links by name
select source, vacancy_id, group_source, group_vacancy_id, group_size, is_cross_source_duplicate
from batch_links;
