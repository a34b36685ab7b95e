"""The trip journal's table: each drive the cloud's journal recorded (`bot.smart.journal`),
stored by the poller, keyed by car and the cloud's trip id, so reading the same journal page
again stores nothing twice. Pruned with the samples after `HISTORY_RETENTION_DAYS`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import REAL, BigInteger, Index
from sqlmodel import Field, SQLModel

from bot.storage.types import UtcDateTime


class TripRow(SQLModel, table=True):
    """One drive from the car's trip journal."""

    __tablename__ = "vehicle_trips"
    # A car's trips over a range of time (/trips, a week's figures, a summary).
    __table_args__ = (Index("ix_vehicle_trips_vehicle_id_start_at", "vehicle_id", "start_at"),)

    vehicle_id: int = Field(primary_key=True, foreign_key="vehicles.id", ondelete="CASCADE")
    trip_id: int = Field(primary_key=True, sa_type=BigInteger)
    start_at: datetime = Field(sa_type=UtcDateTime)
    end_at: datetime = Field(sa_type=UtcDateTime, index=True)
    distance_km: float | None = Field(default=None, sa_type=REAL)
    average_kmh: float | None = Field(default=None, sa_type=REAL)
    kwh_per_100km: float | None = Field(default=None, sa_type=REAL)
    start_odometer_km: float | None = Field(default=None, sa_type=REAL)
    end_odometer_km: float | None = Field(default=None, sa_type=REAL)
    start_lat: float | None = Field(default=None, sa_type=REAL)
    start_lon: float | None = Field(default=None, sa_type=REAL)
    end_lat: float | None = Field(default=None, sa_type=REAL)
    end_lon: float | None = Field(default=None, sa_type=REAL)
    regenerated_kwh: float | None = Field(default=None, sa_type=REAL)
