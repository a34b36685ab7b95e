from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.smart.const import Region
from bot.smart.signing import (
    body_md5,
    canonical_query,
    canonicalize_received_query,
    sign,
    string_to_sign,
    vc_sign,
)
from tests.fixture_files import smart_fixture

VECTORS = smart_fixture("derived/signature_test_vectors.json")


@pytest.mark.parametrize(
    "vector",
    VECTORS["hmac_sha1_vectors"],
    ids=lambda v: f"{v['region']}-{v['method']}-{v['path']}",
)
def test_sign_reproduces_every_published_vector(vector: dict[str, Any]) -> None:
    body = (vector["body"] or "").encode()
    assert body_md5(body) == vector["body_md5_base64"]
    kwargs = {
        "method": vector["method"],
        "path": vector["path"],
        "query": vector["url_params_string"],
        "body": body,
        "nonce": vector["nonce"],
        "timestamp": vector["timestamp"],
    }
    assert string_to_sign(**kwargs) == vector["string_to_sign"]
    assert sign(Region(vector["region"]), **kwargs) == vector["x-signature"]


def test_vc_signature_reproduces_the_published_vector() -> None:
    vector = VECTORS["vc_hmac_sha256_vector"]
    method, accept, md5, ctype, date, key, nonce, _m, ts, path = vector["string_to_sign"].split(
        "\n"
    )
    assert key == "x-ca-key:204587190"
    signature = vc_sign(
        method=method,
        accept=accept,
        content_md5=md5,
        content_type=ctype,
        date=date,
        nonce=nonce.removeprefix("x-ca-nonce:"),
        timestamp=ts.removeprefix("x-ca-timestamp:"),
        path_and_query=path,
    )
    assert signature == vector["x-ca-signature"]


def test_query_is_sorted_by_key_and_percent_encoded() -> None:
    query = canonical_query({"userId": "112233", "target": "basic,more", "latest": True})
    assert query == "latest=true&target=basic%2Cmore&userId=112233"
    assert canonicalize_received_query("userId=112233&target=basic,more&latest=true") == query


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=24), max_size=5))
def test_query_encoding_equals_rfc3986_quote_for_any_text(params: dict[str, str]) -> None:
    expected = "&".join(
        f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in sorted(params.items())
    )
    assert canonical_query(params) == expected


_SECRETS = {
    Region.EU: b"74e7469aff5042bbbed7bbb1b36c15e9",
    Region.INTL: b"30fb4a7b7fab4e2e8b52120d0087efdd",
}


@given(
    region=st.sampled_from(list(Region)),
    method=st.sampled_from(["GET", "POST", "PUT"]),
    path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz/-_0123456789", min_size=1).map(
        lambda p: "/" + p
    ),
    query=st.text(max_size=40),
    body=st.binary(max_size=200),
    nonce=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    timestamp=st.integers(min_value=0, max_value=2**42).map(str),
)
def test_sign_matches_an_independent_computation_of_the_documented_formula(
    region: Region, method: str, path: str, query: str, body: bytes, nonce: str, timestamp: str
) -> None:
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()  # noqa: S324
    text = (
        "application/json;responseformat=3\n"
        f"x-api-signature-nonce:{nonce}\n"
        "x-api-signature-version:1.0\n"
        "\n"
        f"{query}\n{md5}\n{timestamp}\n{method}\n{path}"
    )
    expected = base64.b64encode(hmac.new(_SECRETS[region], text.encode(), "sha1").digest())
    got = sign(
        region, method=method, path=path, query=query, body=body, nonce=nonce, timestamp=timestamp
    )
    assert got == expected.decode()
