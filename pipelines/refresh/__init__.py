"""Layer: the unattended update. Settings, the run (fetch → load → features → retrain → publish)
and the promotion of a new model."""
