"""Layer 0: utilities with no PayScope imports (paths and settings, resources, safe CSV and terminal
output, Moscow time, gzip with limits, JSON salvage, worker processes)."""
