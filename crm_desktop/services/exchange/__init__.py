"""Contacts in and out of files: CSV import and export (README "CSV import and export").

Modules: `csv_import` streams a file and runs the import in one transaction, in bounded memory;
`contact_rows` checks every row with the card's rules and writes them in batches; `csv_export`
writes the file.

Arrows: exchange is the top capability: it imports sync (business relation summaries),
contacts (bulk writer), duplicates and numbering; nothing imports exchange but the screens and
the command line.
"""

from __future__ import annotations

from crm_desktop.services.exchange.contact_rows import (
    ImportCancelledError,
    ImportRefusedError,
    ImportResult,
)
from crm_desktop.services.exchange.csv_export import (
    export_contacts,
)
from crm_desktop.services.exchange.csv_import import (
    import_contacts,
    import_stream_in,
)

__all__ = [
    "ImportCancelledError",
    "ImportRefusedError",
    "ImportResult",
    "export_contacts",
    "import_contacts",
    "import_stream_in",
]
