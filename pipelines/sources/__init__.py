"""Layer: raw data in. Snapshot files and folders, framing, one parser per source, the API
clients and the fetch they implement."""
