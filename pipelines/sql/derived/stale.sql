select name from derived_state where stale;
