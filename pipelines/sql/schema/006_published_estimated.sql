-- Schema version 6: a publication date that is an estimate. CSV exports without dates take the
-- snapshot's time (manifest fetched_at or --as-of) when their mapping says
-- `published.missing = "snapshot"` (docs/sources.md); such rows say so here, so that time-based
-- statistics (trends, the model's time-ordered backtest) can leave them out or mark them.
alter table observations add column published_estimated boolean default false;
alter table vacancy_current add column published_estimated boolean default false;
