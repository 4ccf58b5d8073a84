"""Spreadsheets people import (device lists, health-check findings): reading any CSV or XLSX,
and the column-mapping step that says which column holds what.

The reading lives in :mod:`psn_desktop.checks.asset_table` (it came first, with the device
import) and is re-exported here; :mod:`psn_desktop.tabular.columns` holds the mapping step,
shared by every import so that each one guesses and checks columns the same way.
"""

from psn_desktop.checks.asset_table import Table, TableProblem, read_table
from psn_desktop.tabular.columns import ColumnSet, guess_columns, missing_required

__all__ = ["ColumnSet", "Table", "TableProblem", "guess_columns", "missing_required",
           "read_table"]
