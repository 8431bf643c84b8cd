"""Excel/WPS/Word in the desktop app: ledger import preview, workbook and Word exports."""
