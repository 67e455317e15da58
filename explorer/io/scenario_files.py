"""Scenario files (.gwx): JSON with 'format' and 'schema_version', validated on load, saved atomically.

A file is never overwritten by a failed load: errors are raised before anything is written, and a
save writes a temporary file beside the target, flushes it to disk and then replaces the target,
keeping the previous version as '<name>.gwx.bak'.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..formatting import localize_number
from ..i18n import N_, _
from ..model.errors import describe
from ..model.scenario import FORMAT, SCHEMA_VERSION, Scenario
from ..model.sources import legacy_confidence
from .catalog import default_catalog

EXTENSION = ".gwx"
MAX_BYTES = 20 * 1024 * 1024  # a scenario is kilobytes; anything this large is not one
TEMP_SUFFIX = ".tmp"


class ScenarioFileError(Exception):
    """A scenario file that cannot be used, with the reasons in words."""

    def __init__(self, path: str | os.PathLike[str] | None, message: str, problems: list[str] | None = None):
        self.path = None if path is None else Path(path)
        self.problems = problems or []
        said = _("{path}: {message}").format(path=self.path, message=message) if self.path else message
        super().__init__(said + "".join(f"\n  {p}" for p in self.problems))
        self.message = message


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (early drafts) kept the PUE and multipliers at the top level as 'power_chain'."""
    data = dict(data)
    if "power_chain" in data and "power" not in data:
        data["power"] = data.pop("power_chain")
    return data


_V1_PUE = 1.4  # schema 1's default PUE
_V1_COST_PER_MW = 10e6  # schema 1's default facility cost per MW of facility capacity


def _scaled(value: Any, factor: float) -> Any:
    """A number or a {low, base, high} range times ``factor``."""
    if isinstance(value, dict):
        return {**value, **{k: value[k] * factor for k in ("low", "base", "high") if k in value}}
    return value * factor


def _model_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 had one PUE for both sizing and energy, and facility cost per MW of facility capacity.

    The PUE becomes both the design and the annual PUE, so an old file's energy is unchanged; costs per
    MW of facility become costs per MW of critical IT (× the design PUE's base value), so a site or an
    auto-built GPU costs what it did. Source notes follow the inputs they describe.
    """
    data = dict(data)
    power = dict(data.get("power") or {})
    pue = power.pop("pue", _V1_PUE)
    power.setdefault("design_pue", pue)
    power.setdefault("annual_pue", pue)
    data["power"] = power
    factor = pue["base"] if isinstance(pue, dict) else float(pue)

    def per_mw_of_it(item: dict[str, Any]) -> dict[str, Any]:
        item = dict(item)
        if "cost_per_mw_it_usd" not in item:
            item["cost_per_mw_it_usd"] = _scaled(item.pop("cost_per_mw_usd", _V1_COST_PER_MW), factor)
        if isinstance(item.get("sources"), dict):
            item["sources"] = _renamed_notes(item["sources"])
        return item

    facilities = per_mw_of_it(data.get("facilities") or {})
    if isinstance(facilities.get("sites"), list):
        facilities["sites"] = [per_mw_of_it(site) for site in facilities["sites"]]
    data["facilities"] = facilities
    if isinstance(data.get("input_sources"), dict):
        data["input_sources"] = _renamed_notes(data["input_sources"])
    return data


def _renamed_notes(notes: dict[str, Any]) -> dict[str, Any]:
    """Source notes keyed by schema-2 names: the PUE's note describes both PUEs."""
    out: dict[str, Any] = {}
    for key, note in notes.items():
        if key == "power.pue":
            out["power.design_pue"] = out["power.annual_pue"] = note
        elif key.endswith("cost_per_mw_usd"):
            out[key.removesuffix("cost_per_mw_usd") + "cost_per_mw_it_usd"] = note
        else:
            out[key] = note
    return out


def _claims_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 claims had no direction: each becomes 'about', as it was judged. Source notes were plain
    text: each becomes a note graded 'assumption' when it says so, else 'unknown'."""
    data = dict(data)
    data["claims"] = [{"comparison": "about", **claim} for claim in data.get("claims", ())]
    if isinstance(data.get("input_sources"), dict):
        data["input_sources"] = _graded_notes(data["input_sources"])
    facilities = data.get("facilities")
    if isinstance(facilities, dict) and isinstance(facilities.get("sites"), list):
        data["facilities"] = {**facilities, "sites": [_with_graded_sources(s) for s in facilities["sites"]]}
    if isinstance(data.get("accelerators"), list):
        data["accelerators"] = [_with_graded_sources(a) for a in data["accelerators"]]
    return data


def _graded_notes(notes: dict[str, Any]) -> dict[str, Any]:
    return {k: {"text": v, "confidence": legacy_confidence(v)} if isinstance(v, str) else v for k, v in notes.items()}


def _with_graded_sources(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("sources"), dict):
        return {**item, "sources": _graded_notes(item["sources"])}
    return item


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return _model_v1_to_v2(_claims_v1_to_v2(data))


# MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(
    data: dict[str, Any],
    version: int,
    migrations: Mapping[int, Callable[[dict[str, Any]], dict[str, Any]]] = MIGRATIONS,
    latest: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """A document of schema ``version`` brought to ``latest``, one migration at a time."""
    while version < latest:
        data = migrations[version](data)
        version += 1
    return data


def readable_version(
    doc: dict[str, Any],
    path: str | os.PathLike[str] | None,
    latest: int,
    schema: str = N_("schema"),
    oldest: int = 0,
    error: type[ScenarioFileError] = ScenarioFileError,
) -> int:
    """The document's ``schema_version`` when this version can read it (older ones migrate); ``error``
    names the file otherwise. ``schema`` names the kind of schema in the message ('portfolio schema')."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < oldest:
        raise error(path, _("has no valid 'schema_version'"))
    if version > latest:
        raise error(
            path,
            _(
                "was written by a newer Gigawatt Explorer ({schema} {version}; this version reads up to "
                "{supported}). Update the application to open it; the file was left unchanged."
            ).format(schema=_(schema), version=version, supported=latest),
        )
    return version


def scenario_from_document(doc: Any, path: str | os.PathLike[str] | None = None) -> Scenario:
    """A validated scenario from a parsed file; a file without an accelerator list uses the catalog."""
    if not isinstance(doc, dict):
        raise ScenarioFileError(path, _("is not a scenario: the file holds JSON but not an object"))
    if doc.get("format") != FORMAT:
        raise ScenarioFileError(
            path, _("is not a Gigawatt Explorer scenario (format should be '{format}')").format(format=FORMAT)
        )
    version = readable_version(doc, path, SCHEMA_VERSION)
    data = {k: v for k, v in doc.items() if k not in ("format", "schema_version")}
    data = migrate(data, version)
    if "accelerators" not in data:
        data["accelerators"] = [a.model_dump(mode="json") for a in default_catalog()]
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioFileError(path, _("has invalid values"), describe(exc)) from None


def read_document(path: str | os.PathLike[str]) -> Any:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ScenarioFileError(path, _("does not exist")) from None
    if not path.is_file():
        raise ScenarioFileError(path, _("is not a file"))
    if size > MAX_BYTES:
        raise ScenarioFileError(
            path,
            _("is too large to be a scenario ({size} MB; limit {limit} MB)").format(
                size=localize_number(f"{size / 1e6:.1f}"), limit=f"{MAX_BYTES / 1e6:.0f}"
            ),
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError(path, _("is not a text file (not UTF-8): is it really a scenario?")) from None
    except OSError as exc:
        raise ScenarioFileError(path, _("cannot be read ({reason})").format(reason=exc.strerror)) from None
    return parse_json(text, path)


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.repeated = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def parse_json(text: str, path: str | os.PathLike[str] | None = None) -> Any:
    """JSON text as Python values, refusing what a scenario never holds: damaged or too deeply nested
    JSON and an object that gives one key twice (which value was meant cannot be known)."""
    try:
        doc = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(
            path,
            _("is damaged: not valid JSON (line {line}, column {column}: {reason})").format(
                line=exc.lineno, column=exc.colno, reason=exc.msg
            ),
        ) from None
    except RecursionError:
        raise ScenarioFileError(path, _("is nested too deeply to be a scenario")) from None
    repeated = _first_repeated_key(doc)
    if repeated:
        raise ScenarioFileError(
            path, _("has a key given twice"), [_("{path}: {message}").format(path=repeated, message=_("appears twice"))]
        )
    return doc


def _first_repeated_key(doc: Any) -> str | None:
    """The dotted path of the first key an object gives twice (breadth first, no recursion)."""
    queue: list[tuple[str, Any]] = [("", doc)]
    for prefix, node in queue:
        if isinstance(node, _Object) and node.repeated:
            return prefix + node.repeated[0]
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        queue.extend((f"{prefix}{key}.", value) for key, value in items)
    return None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file. Raises ScenarioFileError with reasons in words."""
    document = read_document(path)
    try:
        return scenario_from_document(document, path)
    except RecursionError:
        raise ScenarioFileError(path, _("is nested too deeply to be a scenario")) from None


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, **scenario.model_dump(mode="json")}


def scenario_json(scenario: Scenario) -> str:
    return json.dumps(scenario_document(scenario), indent=2, ensure_ascii=False) + "\n"


class WriteRefused(OSError):
    """A write that would replace something other than a regular file, or needs a folder that is not there."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` replaces: a symlink's target (so the link stays a link and the file
    it points to is updated). Refuses devices, folders, pipes and missing folders; creates no folder."""
    real = Path(os.path.realpath(path))
    if os.path.lexists(real) and not real.is_file():
        raise WriteRefused(errno.EEXIST, _("it is not a regular file (a device, folder or pipe is never replaced)"))
    if not real.parent.is_dir():
        raise WriteRefused(errno.ENOENT, _("folder does not exist: {folder}").format(folder=Path(path).parent))
    return real


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, keep_backup: bool = True) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one, whole.

    The new file keeps the old one's permissions (a new file gets the usual ones under the umask);
    ``keep_backup`` keeps the previous version as '<name>.bak', itself replaced atomically.
    """
    target = write_target(path)
    _remove_stray_temporaries(target)
    tmp = _temporary(target)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(target))
        if keep_backup and target.exists():
            _replace_backup(target)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str, keep_backup: bool = True) -> Path:
    """UTF-8 text written as ``atomic_write_bytes`` does."""
    return atomic_write_bytes(path, text.encode("utf-8"), keep_backup)


def _temporary(target: Path) -> Path:
    """A new, empty file beside ``target``, named with this process's id so a later save can tell a
    leftover of an interrupted save from the work of a save still running."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    return Path(name)


def _remove_stray_temporaries(target: Path) -> None:
    prefix = f".{target.name}."
    for stray in target.parent.glob(f"{glob.escape(prefix)}*{TEMP_SUFFIX}"):
        pid = stray.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _process_running(int(pid)):
            stray.unlink(missing_ok=True)


def _process_running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process saves one file at a time: its temporaries are all leftovers
    if os.name == "nt":
        return True  # Windows cannot ask without side effects: keep the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _replace_backup(target: Path) -> None:
    """'<name>.bak' becomes the current file: a hard link when possible (instant), else a copy,
    moved into place by an atomic replace so the backup is never half written."""
    backup = target.with_name(target.name + ".bak")
    if backup.is_symlink() or (os.path.lexists(backup) and not backup.is_file()):
        backup.unlink()  # never write a backup through a link or onto a special file
    tmp = _temporary(target)
    try:
        tmp.unlink()
        try:
            os.link(target, tmp)
        except OSError:
            shutil.copy2(target, tmp)
        os.replace(tmp, backup)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    return atomic_write_text(path, scenario_json(scenario))


def published_schema(model: type[BaseModel], name: str, version: int, constants: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a file kind: the model's schema with the file's fixed keys first and required."""
    schema: dict[str, Any] = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://gigawatt-explorer.org/schema/{name}-v{version}.json"
    fixed = {key: {"const": value, "title": key.replace("_", " ").capitalize()} for key, value in constants.items()}
    schema["properties"] = {**fixed, **schema.get("properties", {})}
    schema["required"] = sorted(set(schema.get("required", [])) | set(constants))
    return schema


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of scenario files."""
    return published_schema(Scenario, "scenario", SCHEMA_VERSION, {"format": FORMAT, "schema_version": SCHEMA_VERSION})
