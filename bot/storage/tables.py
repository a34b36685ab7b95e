"""SQLModel table classes; importing this module registers them on `SQLModel.metadata`."""
