select sha256 from snapshot_files where source = $source and list_contains($hashes, sha256);
