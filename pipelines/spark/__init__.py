"""The loader's pipeline as an Apache Spark job (`payscope spark-load`): the same parse →
normalise → quarantine → features steps, the same SQL rules, writing the export layout of
docs/scaling.md. Needs the optional extra `payscope[spark]` (PySpark 4) and Java 17+."""
