"""Storage: SQLAlchemy models, engine setup and every read and write of the monitor."""
