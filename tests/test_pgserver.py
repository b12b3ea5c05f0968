"""The throwaway PostgreSQL server (tests/pgserver.py, fixture pg_url) works."""

import sqlalchemy as sa


def test_pg_server_transactions(pg_url):
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("select version()")).scalar_one()
            assert version.startswith("PostgreSQL ")
            assert conn.execute(sa.text("select current_database()")).scalar_one() == "tavolo"

        # DDL is transactional in PostgreSQL: create + insert, then roll back both.
        with engine.connect() as conn:
            trans = conn.begin()
            conn.execute(sa.text("create table pg_probe (id integer primary key, name text)"))
            conn.execute(sa.text("insert into pg_probe values (1, 'uno'), (2, 'due')"))
            assert conn.execute(sa.text("select count(*) from pg_probe")).scalar_one() == 2
            trans.rollback()

        with engine.connect() as conn:
            exists = conn.execute(sa.text("select to_regclass('public.pg_probe')")).scalar_one()
            assert exists is None

        # and a committed one stays
        with engine.begin() as conn:
            conn.execute(sa.text("create table pg_probe (id integer primary key)"))
            conn.execute(sa.text("insert into pg_probe values (1)"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from pg_probe")).scalar_one() == 1
            conn.execute(sa.text("drop table pg_probe"))
            conn.commit()
    finally:
        engine.dispose()
