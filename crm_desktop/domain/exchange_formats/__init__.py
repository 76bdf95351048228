"""Contact files other than our own CSV: Outlook and Google CSV, vCard 2.1/3.0/4.0, Excel .xlsx.

Every reader turns its file into a `source.SourceFile` (the file's own columns and rows), which
`source.to_table` maps onto our contact columns as a `csv_format.CsvTable`, the one table the
contact importer checks and writes. Writers go the other way for export. Pure rules: bytes in,
bytes or text out; no database, no Qt.

Modules: `source` (the common shape, detection by content, mapping onto our columns),
`csv_kinds` (Outlook English/Dutch and Google headers), `vcard` (vobject), `xlsx` (openpyxl).
"""
