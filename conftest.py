"""pytest-odoo 1.0.1 treats every collected file as part of an Odoo addon and
fails on files that are not (it reads a manifest that does not exist). The
top-level tests/ are plain pytest modules: collect them as such."""
from pathlib import Path

import pytest


def _inside_addon(path):
    path = Path(str(path)).resolve()
    return any((parent / "__manifest__.py").is_file() for parent in [path] + list(path.parents))


def pytest_ignore_collect(collection_path):
    if not _inside_addon(collection_path):
        return False
    return None


def pytest_pycollect_makemodule(module_path, parent):
    if not _inside_addon(module_path):
        return pytest.Module.from_parent(parent, path=module_path)
    return None
