"""The names the stubs promise are the names the core accepts.

sslkit/_sslkit.pyi types every name argument with a `Literal[...]` alias (`_KeyKind`, `_Cipher`,
...). The core's tables (`sslkit::KeyType::ALL`, ... with `name()`) are authoritative; the native
module lists them through its private `_names()`. The stub is read as text (a .pyi cannot be
imported) and its aliases are compared with those lists, in order."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

import pytest

import sslkit
from sslkit import _sslkit

STUB = Path(sslkit.__file__).parent / "_sslkit.pyi"

# The core's table (the key of _names()) -> the stub alias that must list exactly its names.
TABLE_ALIASES = {
    "key_type": "_KeyKind",
    "profile": "_Profile",
    "key_format": "_KeyFormat",
    "cipher": "_Cipher",
    "kdf": "_Kdf",
    "hash_alg": "_Hash",
    "purpose": "_Purpose",
    "fingerprint_hash": "_FingerprintHash",
    "severity": "_Severity",
}
# Aliases for part of the profile table: what one method issues (checked against the core below).
PROFILE_PARTS = {"_LeafProfile", "_SelfSignedProfile", "_CaSignProfile"}
# Literal aliases with no core table to check them against: none.
UNCHECKED: Set[str] = set()


def _stub_tree() -> ast.Module:
    return ast.parse(STUB.read_text())


def _literal_aliases() -> Dict[str, List[str]]:
    """Every module-level `_Alias = Literal[...]` of the stub, its names in order (a nested alias,
    as in `Literal[_LeafProfile, "root"]`, is expanded in place)."""
    raw: Dict[str, List[ast.expr]] = {}
    for node in _stub_tree().body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "Literal"
        ):
            part = node.value.slice
            raw[node.targets[0].id] = list(part.elts) if isinstance(part, ast.Tuple) else [part]

    def expand(alias: str) -> List[str]:
        out: List[str] = []
        for e in raw[alias]:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                out.append(e.value)
            elif isinstance(e, ast.Name) and e.id in raw:
                out.extend(expand(e.id))
            else:
                raise AssertionError(f"{alias}: unexpected {ast.dump(e)} in Literal[...]")
        return out

    return {alias: expand(alias) for alias in raw}


def test_names_lists_every_core_table() -> None:
    names = _sslkit._names()
    assert set(names) == set(TABLE_ALIASES)
    for table, values in names.items():
        assert values and all(isinstance(v, str) and v for v in values), table
        assert len(set(values)) == len(values), f"{table} lists a name twice"


def test_stub_literals_are_the_core_tables() -> None:
    names = _sslkit._names()
    aliases = _literal_aliases()
    for table, alias in TABLE_ALIASES.items():
        assert alias in aliases, f"the stub has no {alias} (for the core's {table})"
        assert aliases[alias] == names[table], f"{alias} disagrees with the core's {table}"


def test_every_literal_in_the_stub_is_a_checked_alias() -> None:
    """No inline `Literal[...]` in a signature (it could drift from the core unseen): every one is
    an alias checked here, and every alias is used or is the full table."""
    tree = _stub_tree()
    aliases = _literal_aliases()
    assert set(aliases) == set(TABLE_ALIASES.values()) | PROFILE_PARTS | UNCHECKED
    definitions = {
        id(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in aliases
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id == "Literal":
                assert id(node) in definitions, f"inline Literal at line {node.lineno}"
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for alias in aliases:
        if alias != "_Profile":  # the whole table: no single method takes every profile
            assert alias in used, f"{alias} is defined but never used"


def test_profile_parts_are_what_the_core_issues(pki, ec_key) -> None:
    """`_SelfSignedProfile` and `_CaSignProfile` are the profiles that `Certificate.self_signed`
    and `CertificateAuthority.sign` accept: the core refuses the others (InvalidInput)."""
    profiles = _sslkit._names()["profile"]
    aliases = _literal_aliases()
    assert set(aliases["_LeafProfile"]) <= set(aliases["_SelfSignedProfile"])
    assert set(aliases["_LeafProfile"]) <= set(aliases["_CaSignProfile"])
    assert set(aliases["_SelfSignedProfile"]) | set(aliases["_CaSignProfile"]) == set(profiles)
    for profile in profiles:
        if profile in aliases["_SelfSignedProfile"]:
            cert = sslkit.Certificate.self_signed(ec_key, "/CN=p", profile=profile)  # type: ignore[arg-type]
            assert cert.is_ca == (profile == "root")
        else:
            with pytest.raises(sslkit.InvalidInput):
                sslkit.Certificate.self_signed(ec_key, "/CN=p", profile=profile)  # type: ignore[arg-type]
        if profile in aliases["_CaSignProfile"]:
            cert = pki["root"].sign(pki["csr"], profile=profile)  # type: ignore[arg-type]
            assert cert.is_ca == (profile == "intermediate")
        else:
            with pytest.raises(sslkit.InvalidInput):
                pki["root"].sign(pki["csr"], profile=profile)  # type: ignore[arg-type]
