// Package clients holds no code, only tests: they build a release into a
// temporary directory and read it back with the programs readers use —
// DuckDB for the Parquet and CSV files and for the partitioned copy
// (hive_partitioning), excelize and openpyxl (scripts/xlsx_check.py) for
// the workbook — and check that every table loads with its declared types
// and that the formats hold the same values. LibreOffice is checked by
// scripts/libreoffice_check.sh (make check-clients) and Spark by
// scripts/spark_check.py (make check-spark), outside go test.
package clients
