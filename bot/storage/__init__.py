"""Durable state: SQLModel tables, Alembic migrations, encrypted credentials, repositories."""
