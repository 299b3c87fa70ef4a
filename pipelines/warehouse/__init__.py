"""Layer: the DuckDB warehouse. Connection and migrations, load, links, marts, the features
store, data kind and provenance, status, export, the lock and the copy-and-swap writer."""
