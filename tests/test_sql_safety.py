"""No SQL of the suite is built from values by string formatting: the text of
every query is a literal, or a literal formatted with identifiers that come
from the ORM's metadata (a model's _table, a field's column) or with module
constants; values always travel as parameters. A query whose text is built
otherwise (identifiers read from the database catalog, a WHERE clause made by
the ORM's own Query) carries a `# sql-safe: <why>` comment on its line or the
line above, so that every such place is reviewed and says why."""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(name for name in os.listdir(ROOT)
                if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))
# attributes that hold identifiers taken from the ORM's metadata
METADATA = {"_table", "relation", "column1", "column2", "name", "_name"}


def _python_files():
    for addon in ADDONS:
        for folder, _dirs, files in os.walk(os.path.join(ROOT, addon)):
            for name in files:
                if name.endswith(".py") and "/tests" not in folder:
                    yield os.path.join(folder, name)


def _is_safe_text(node):
    if isinstance(node, ast.Str) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return _is_safe_text(node.left) and all(_is_identifier(part) for part in parts)
    return False


def _is_identifier(node):
    if isinstance(node, ast.Attribute):
        return node.attr in METADATA
    if isinstance(node, ast.Name):
        return node.id.isupper()
    return _is_safe_text(node)


def _justified(lines, lineno):
    return any("# sql-safe:" in lines[i] and lines[i].split("# sql-safe:")[1].strip()
               for i in (lineno - 2, lineno - 1) if 0 <= i < len(lines))


def _unsafe_queries(path):
    with open(path) as f:
        source = f.read()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source, path)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "mogrify") and node.args
                and not _is_safe_text(node.args[0]) and not _justified(lines, node.lineno)):
            yield "%s:%d" % (os.path.relpath(path, ROOT), node.lineno)


def test_every_query_text_is_a_literal_or_formatted_with_identifiers_only():
    files = list(_python_files())
    assert files
    unsafe = [where for path in files for where in _unsafe_queries(path)]
    assert unsafe == []


@pytest.mark.parametrize("source, safe", [
    ("cr.execute('SELECT 1 FROM t WHERE id = %s', (x,))", True),
    ("cr.execute('SELECT * FROM %s' % self._table)", True),
    ("cr.execute('SELECT * FROM t WHERE name = %s' % name)", False),
    ("cr.execute('SELECT * FROM t WHERE name = ' + name)", False),
    ("cr.execute(f'SELECT * FROM t WHERE name = {name}')", False),
    ("cr.execute('SELECT * FROM t WHERE name = {}'.format(name))", False),
    ("# sql-safe: column from KEY_COLUMNS\ncr.execute('SELECT %s FROM t' % column)", True),
    ("# sql-safe:\ncr.execute('SELECT %s FROM t' % column)", False),
])
def test_the_rule_tells_safe_from_unsafe(tmp_path, source, safe):
    path = tmp_path / "sample.py"
    path.write_text(source + "\n")
    assert (list(_unsafe_queries(str(path))) == []) is safe, source
