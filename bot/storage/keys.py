"""Key management over the stored ciphertext: rotation to the newest key and the start check.

`rotate_keys` re-encrypts, row by row, everything not yet written with the primary key
(`MultiFernet.rotate`, which keeps the plaintext inside the cipher). Each batch commits on its
own and each row is updated only if its `key_id` is still the old one, so the command is safe
to interrupt and to run twice. `check_keys` runs at start and turns lost or changed keys into
one clear error instead of a crash deep inside a handler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, update
from sqlmodel import SQLModel, col, select

from bot.storage.crypto import CredentialCipher, CredentialsUndecryptableError
from bot.storage.db import Database
from bot.storage.tables import LoginSession, SmartAccount

if TYPE_CHECKING:
    from bot.config import Settings

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Encrypted:
    table: type[SQLModel]
    pk: str
    columns: tuple[str, ...]
    key_column: str = "key_id"

    def column(self, name: str) -> Any:
        return col(getattr(self.table, name))


# Every table with ciphertext, its primary key and its ciphertext columns (the first one is
# always set when the row holds any ciphertext).
ENCRYPTED: tuple[_Encrypted, ...] = (
    _Encrypted(SmartAccount, "id", ("email_enc", "password_enc", "tokens_enc")),
    _Encrypted(LoginSession, "user_id", ("email_enc",)),
)


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What a rotation did."""

    primary_key_id: str
    rotated: int
    remaining_old: int
    undecryptable: int


def _has_ciphertext(spec: _Encrypted) -> Any:
    return spec.column(spec.columns[0]).is_not(None)


async def rows_by_key(db: Database) -> dict[str, int]:
    """How many rows with ciphertext each key id wrote, over all tables."""
    counts: dict[str, int] = {}
    async with db.session() as session:
        for spec in ENCRYPTED:
            key_col = spec.column(spec.key_column)
            query = select(key_col, func.count()).where(_has_ciphertext(spec)).group_by(key_col)
            for kid, count in await session.execute(query):
                counts[kid or "?"] = counts.get(kid or "?", 0) + int(count)
    return counts


async def _rotate_table(
    db: Database, cipher: CredentialCipher, spec: _Encrypted, batch_size: int
) -> tuple[int, int]:
    rotated = failed = 0
    pk = spec.column(spec.pk)
    key_col = spec.column(spec.key_column)
    last: Any = None
    while True:
        query = (
            select(spec.table)
            .where(_has_ciphertext(spec))
            .where((key_col != cipher.primary_key_id) | key_col.is_(None))
            .order_by(pk)
            .limit(batch_size)
        )
        if last is not None:
            query = query.where(pk > last)
        async with db.session() as session:
            rows = list((await session.execute(query)).scalars())
            for row in rows:
                last = getattr(row, spec.pk)
                try:
                    values = {
                        name: cipher.rotate(getattr(row, name))
                        for name in spec.columns
                        if getattr(row, name) is not None
                    }
                except CredentialsUndecryptableError:
                    failed += 1
                    continue
                old = getattr(row, spec.key_column)
                guard = key_col.is_(None) if old is None else key_col == old
                result = await session.execute(
                    update(spec.table)
                    .where(pk == last, guard)
                    .values(key_id=cipher.primary_key_id, **values)
                    .execution_options(synchronize_session=False)
                )
                rotated += result.rowcount or 0  # type: ignore[attr-defined]
        if len(rows) < batch_size:
            return rotated, failed


async def rotate_keys(
    db: Database, *, cipher: CredentialCipher, batch_size: int = 100
) -> RotationReport:
    """Re-encrypt every row that an older key wrote with the primary key."""
    rotated = failed = 0
    for spec in ENCRYPTED:
        done, bad = await _rotate_table(db, cipher, spec, batch_size)
        rotated += done
        failed += bad
    counts = await rows_by_key(db)
    remaining = sum(n for kid, n in counts.items() if kid != cipher.primary_key_id)
    _LOGGER.info(
        "key rotation: %d rows re-encrypted, %d rows still use an old key", rotated, remaining
    )
    return RotationReport(cipher.primary_key_id, rotated, remaining, failed)


async def check_keys(db: Database, *, cipher: CredentialCipher) -> None:
    """Decrypt one row per key id in use; call at start.

    Raises:
        CredentialsUndecryptableError: "credentials cannot be decrypted with the configured
            keys", naming how many rows depend on a key that is not configured.
    """
    for spec in ENCRYPTED:
        key_col = spec.column(spec.key_column)
        first = spec.column(spec.columns[0])
        async with db.session() as session:
            kids = (
                (await session.execute(select(key_col).where(_has_ciphertext(spec)).distinct()))
                .scalars()
                .all()
            )
            samples: list[tuple[str | None, str]] = []
            for kid in kids:
                guard = key_col.is_(None) if kid is None else key_col == kid
                sample = (
                    await session.execute(select(first).where(guard, first.is_not(None)).limit(1))
                ).scalar_one()
                samples.append((kid, sample))
        for kid, sample in samples:
            try:
                cipher.decrypt(sample)
            except CredentialsUndecryptableError:
                counts = await rows_by_key(db)
                raise CredentialsUndecryptableError(
                    f"{counts.get(kid or '?', 0)} stored rows were encrypted with key id {kid}, "
                    "which FERNET_KEYS does not contain"
                ) from None


async def _rotate_main(url: str, keys: Sequence[Any]) -> RotationReport:
    db = Database(url)
    try:
        return await rotate_keys(db, cipher=CredentialCipher(keys))
    finally:
        await db.dispose()


def rotate_keys_command(settings: Settings) -> int:
    """`python -m bot rotate-keys`: migrate, rotate, print a report; exit code 0 when clean."""
    from bot.storage.migrations import upgrade_to_head  # noqa: PLC0415  (sync Alembic, no loop)

    if not settings.fernet_keys:
        print("FERNET_KEYS is empty: nothing to rotate with.")
        return 2
    upgrade_to_head(settings.database_url)
    report = asyncio.run(_rotate_main(settings.database_url, settings.fernet_keys))
    print(
        f"Re-encrypted {report.rotated} rows with key {report.primary_key_id}. "
        f"Rows still using an old key: {report.remaining_old}."
    )
    if report.undecryptable:
        print(
            f"{report.undecryptable} rows could not be decrypted with any configured key; "
            "add the key that wrote them to FERNET_KEYS and run this again."
        )
        return 1
    if report.remaining_old == 0 and len(settings.fernet_keys) > 1:
        print("No row uses an old key: the old keys may now be removed from FERNET_KEYS.")
    return 0
