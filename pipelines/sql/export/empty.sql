-- A table with no rows: partitioned COPY writes no file, and Spark or DuckDB cannot read an
-- empty folder, so one empty Parquet file with every column (partition columns included).
copy (select * from export_rows limit 0) to $target (format parquet, compression zstd);
