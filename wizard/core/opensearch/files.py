"""Reading the security plugin's and Dashboards' YAML files, with errors that name the key path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wizard.core.vocab.errors import UserError
from wizard.core.vocab.userfiles import UserFileError, UserFileTooBig, read_user_file
from wizard.core.vocab.yamlsafe import MAX_YAML_BYTES, YamlLoadError, describe_type, load_yaml


class ConfigFileError(UserError):
    """An OpenSearch or Dashboards file is missing, unreadable or of the wrong shape."""


def read_yaml_file(path: str | Path) -> tuple[object, list[str]]:
    """Read and parse one YAML file; any problem is a `ConfigFileError` (or a `YamlLoadError`)."""
    file = Path(path).expanduser()
    if file.is_dir():
        raise ConfigFileError(f"{path}: is a folder, not a file")
    try:
        # Regular files only (a FIFO or /dev/zero is refused), and never more than the cap.
        raw = read_user_file(file, limit=MAX_YAML_BYTES)
    except UserFileTooBig:
        raise YamlLoadError(
            str(path), f"the file is over {MAX_YAML_BYTES:,} bytes (1 MiB) and is not read"
        ) from None
    except UserFileError as exc:
        raise ConfigFileError(exc.message.replace(str(file), str(path), 1)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigFileError(
            f"{path}: is not UTF-8 text (byte {exc.start} cannot be decoded)"
        ) from None
    return load_yaml(text, str(path))


def expect_mapping(value: object, source: str, key_path: str) -> dict[str, Any]:
    """The value as a mapping, or a `ConfigFileError` saying what was found at `key_path`."""
    if isinstance(value, dict):
        return value
    where = f"{source}: {key_path}" if key_path else source
    raise ConfigFileError(
        f"{where}: expected a mapping (key: value lines), found {describe_type(value)}"
    )


def string_list(value: object, source: str, key_path: str) -> tuple[str, ...]:
    """A YAML list of strings (a lone string counts as a one-item list); other shapes are errors."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            if isinstance(item, dict | list) or item is None:
                raise ConfigFileError(
                    f"{source}: {key_path}[{index}]: expected a string, found {describe_type(item)}"
                )
            items.append(_scalar_text(item))
        return tuple(items)
    raise ConfigFileError(
        f"{source}: {key_path}: expected a list of strings, found {describe_type(value)}"
    )


def _scalar_text(item: object) -> str:
    # YAML turns `true` or `123` into non-strings; the plugin reads them back as text.
    if isinstance(item, bool):
        return str(item).lower()
    return str(item)
