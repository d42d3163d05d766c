"""The boundary: where outside data comes in and where the ledger is kept on disk.

* :mod:`cogov.boundary.codec` — JSON and JSON Lines for every model and event type;
* :mod:`cogov.boundary.diagnostics` — decode errors as one line per bad value, with its path;
* :mod:`cogov.boundary.validation` — referential checks of an incoming stream, with paths;
* :mod:`cogov.boundary.schema` — JSON Schema generated from the model, shipped and printable;
* :mod:`cogov.boundary.store` — the :class:`EventStore` interface;
* :mod:`cogov.boundary.sqlite_store` — the embedded SQLite store;
* :mod:`cogov.boundary.postgres_store` — many communities in one PostgreSQL database;
* :mod:`cogov.boundary.addresses` — stores named by address (``open_store``, ``list_communities``);
* :mod:`cogov.boundary.store_copy` — a community's ledger copied between any two stores;
* :mod:`cogov.boundary.chained_rows` — what every store does with its rows;
* :mod:`cogov.boundary.event_rows` — the stores' generated row encoder/decoder;
* :mod:`cogov.boundary.household_register` — household-register import from Excel CSV;
* :mod:`cogov.boundary.spreadsheet` — CSV and Excel tables; registers from Excel workbooks;
* :mod:`cogov.boundary.export` — events, issues and statistics as CSV or Excel;
* :mod:`cogov.boundary.identifiers` — resident ID and phone validation and masking.
"""

from __future__ import annotations

from cogov.boundary.addresses import list_communities, open_store
from cogov.boundary.codec import (
    CHARTER_FORMAT,
    COMMUNITY_FORMAT,
    EVENTS_FORMAT,
    FORMAT_VERSION,
    CommunityDocument,
    configure_converter,
    dumps,
    dumps_charter,
    dumps_community,
    dumps_event,
    dumps_events,
    dumps_events_document,
    loads,
    loads_charter,
    loads_community,
    loads_community_document,
    loads_event,
    loads_events,
    loads_events_document,
    make_converter,
)
from cogov.boundary.export import TABLES, event_table, export, issue_table, statistics_table
from cogov.boundary.household_register import (
    RegisterColumns,
    RegisterImport,
    Resident,
    RowProblem,
    read_register,
)
from cogov.boundary.identifiers import check_phone, check_resident_id, mask_id, mask_phone
from cogov.boundary.postgres_store import PostgresStore
from cogov.boundary.schema import SCHEMA_NAMES, generate_schema, print_schema, shipped_schema
from cogov.boundary.spreadsheet import (
    SpreadsheetError,
    read_register_file,
    read_register_xlsx,
    read_xlsx_rows,
    write_csv,
    write_table,
    write_xlsx,
)
from cogov.boundary.sqlite_store import SQLiteStore
from cogov.boundary.store import Batch, EventStore
from cogov.boundary.validation import validate_events
from cogov.errors import DecodeError, RegisterImportError, StoreError

__all__ = [
    "CHARTER_FORMAT",
    "COMMUNITY_FORMAT",
    "EVENTS_FORMAT",
    "FORMAT_VERSION",
    "SCHEMA_NAMES",
    "TABLES",
    "Batch",
    "CommunityDocument",
    "DecodeError",
    "EventStore",
    "PostgresStore",
    "RegisterColumns",
    "RegisterImport",
    "RegisterImportError",
    "Resident",
    "RowProblem",
    "SQLiteStore",
    "SpreadsheetError",
    "StoreError",
    "check_phone",
    "check_resident_id",
    "configure_converter",
    "dumps",
    "dumps_charter",
    "dumps_community",
    "dumps_event",
    "dumps_events",
    "dumps_events_document",
    "event_table",
    "export",
    "generate_schema",
    "issue_table",
    "list_communities",
    "loads",
    "loads_charter",
    "loads_community",
    "loads_community_document",
    "loads_event",
    "loads_events",
    "loads_events_document",
    "make_converter",
    "mask_id",
    "mask_phone",
    "open_store",
    "print_schema",
    "read_register",
    "read_register_file",
    "read_register_xlsx",
    "read_xlsx_rows",
    "shipped_schema",
    "statistics_table",
    "validate_events",
    "write_csv",
    "write_table",
    "write_xlsx",
]
