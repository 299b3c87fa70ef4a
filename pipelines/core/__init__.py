"""The bottom layer: small helpers every other layer may use; imports nothing else of PayScope."""
