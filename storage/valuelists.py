"""Statements that take a list of 64-bit values as one parameter, so that their text is the
same for every length of the list: SQLAlchemy compiles them once per process, SQLite's
statement cache and PostgreSQL's planner see one statement. (A UNION with a part per value,
as before, was a new statement for every sketch size: 52 compilations in a crawl process.)

A template names each list as ``{name}``, a one-column table whose column is ``value``:
SQLite reads the list from a JSON array (json_each), PostgreSQL from a BIGINT array (unnest).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult, TextClause, bindparam, text
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.types import TypeEngine

_TABLES = {
    "sqlite": "json_each(:{name}) AS {name}",
    "postgresql": "unnest(CAST(:{name} AS BIGINT[])) AS {name}(value)",
}


Types = tuple[tuple[str, TypeEngine[Any]], ...]  # (name, type) of parameters or columns


@lru_cache(maxsize=64)
def statement(dialect: str, template: str, typed: Types = (),
              columns: Types = ()) -> TextClause | TextualSelect:
    """``template`` for ``dialect`` with its ``{name}`` lists as tables, other parameters
    bound with the types in ``typed`` and result columns read with those in ``columns``."""
    names = set(re.findall(r"\{(\w+)\}", template))
    sql = template.format(**{n: _TABLES[dialect].format(name=n) for n in names})
    clause = text(sql).bindparams(*(bindparam(n, type_=t) for n, t in typed))
    return clause.columns(**dict(columns)) if columns else clause


def values(dialect: str, items: Iterable[int]) -> Any:
    """The parameter value of a list of integers on ``dialect``."""
    numbers = [int(i) for i in items]
    return json.dumps(numbers) if dialect == "sqlite" else numbers


def run(connection: Connection, template: str, params: dict[str, Any], typed: Types = (),
        columns: Types = ()) -> list[Any]:
    """Rows of ``template`` with ``params`` (lists given as Python sequences of ints)."""
    return list(execute(connection, template, params, typed, columns).all())


def execute(connection: Connection, template: str, params: dict[str, Any], typed: Types = (),
            columns: Types = ()) -> CursorResult[Any]:
    """Execute ``template`` (a write, or a read whose rows the caller takes)."""
    dialect = connection.dialect.name
    bound = {k: values(dialect, v) if isinstance(v, list | tuple) else v
             for k, v in params.items()}
    return connection.execute(statement(dialect, template, typed, columns), bound)
