-- Mark derived tables stale or fresh, inside the caller's transaction.
update derived_state set stale = $stale where list_contains($names, name);
