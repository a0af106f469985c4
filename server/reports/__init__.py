"""Reports: what a finished (or running) game taught, as JSON, CSV and a workbook."""
