"""Writing many rows of one model at once, for the bulk services (the INPS import's
applications, persons' and cases' audit rows).

`bulk_create` spends more time building and compiling its statements than the database spends
storing the rows; these writes prepare each value once and hand the rows to the database in
its fastest way: `COPY … FROM STDIN` on PostgreSQL (psycopg 3), one INSERT run for every row
(`executemany`) elsewhere. Primary keys are not read back: callers set what they need in
Python (UUIDs) before writing."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router

BATCH_SIZE = 2000


def insert_rows(model, fields: Sequence, rows: Sequence[Sequence], *, connection=None) -> int:
    """Insert `rows` (values already prepared for the database, in the order of `fields`)
    into `model`'s table; returns how many."""
    if not rows:
        return 0
    connection = connection or connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names from the model's metadata; the rows travel as COPY data, not SQL.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])
    return len(rows)


def prepared_rows(
    objs: Sequence, fields: Sequence, connection, *, related_saved_since: bool = False
) -> list[list]:
    """The database values of unsaved model instances, field by field. With
    `related_saved_since`, related objects saved after these instances were built (a case
    written a moment ago) give their new keys first, as `bulk_create` does (it costs a look at
    every relation of every row: only where needed)."""
    rows = []
    for obj in objs:
        if related_saved_since:
            obj._prepare_related_fields_for_save(operation_name="insert_rows")
        rows.append([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return rows
