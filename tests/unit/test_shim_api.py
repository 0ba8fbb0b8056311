"""The TypeScript ↔ Python seam of the worker: packages/kernel/src/shim-api.ts declares every
shim function TypeScript may call; this test reads both sides (TypeScript's own parser, Python's
`ast`) and fails when a name, a parameter or its optionality differs."""

from __future__ import annotations

import ast
import json
import subprocess

import pytest

from .typescript import REPO

SHIM_API = REPO / "packages" / "kernel" / "src" / "shim-api.ts"
SHIM = REPO / "python" / "shim"

# Every interface tagged `@python <module or module.Class>`, with its members and those of the
# interfaces it extends in the same file: {python target: {member: [[param, optional], ...] | "property"}}.
READ_DECLARATIONS = r"""
const ts = require("typescript");
const fs = require("fs");
const file = process.argv[1];
const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
const interfaces = new Map();
source.forEachChild((node) => {
  if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
});
function members(node) {
  const found = {};
  for (const clause of node.heritageClauses ?? []) {
    for (const type of clause.types) {
      const parent = interfaces.get(type.expression.getText(source));
      if (parent) Object.assign(found, members(parent));
    }
  }
  for (const member of node.members) {
    const name = member.name.getText(source);
    if (ts.isMethodSignature(member)) {
      found[name] = member.parameters.map((p) => [p.name.getText(source), Boolean(p.questionToken)]);
    } else if (ts.isPropertySignature(member)) {
      found[name] = "property";
    }
  }
  return found;
}
const result = {};
for (const [name, node] of interfaces) {
  const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === "python");
  if (tag) result[String(tag.comment).trim()] = members(node);
}
console.log(JSON.stringify(result));
"""


@pytest.fixture(scope="module")
def declared() -> dict[str, dict[str, object]]:
    run = subprocess.run(
        ["node", "-e", READ_DECLARATIONS, str(SHIM_API)], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout)


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[list[object]]:
    params = function.args.args[1:] if method else function.args.args
    optional_from = len(params) - len(function.args.defaults)
    return [[param.arg, index >= optional_from] for index, param in enumerate(params)]


def _python_side(target: str) -> dict[str, object]:
    """The functions of a module's __all__, or a class's public methods and attributes."""
    parts = target.split(".")
    for split in range(len(parts), 0, -1):
        path = SHIM.joinpath(*parts[:split]).with_suffix(".py")
        if path.exists():
            break
    tree = ast.parse(path.read_text())
    rest = parts[split:]
    if not rest:
        exported = next(
            ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        )
        functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        return {name: _parameters(functions[name], method=False) for name in exported}
    (cls,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == rest[0]]
    found: dict[str, object] = {}
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == "__init__":
                for statement in ast.walk(node):
                    if isinstance(statement, ast.Assign):
                        for target_node in statement.targets:
                            if isinstance(target_node, ast.Attribute) and not target_node.attr.startswith("_"):
                                found[target_node.attr] = "property"
            elif not node.name.startswith("_"):
                found[node.name] = _parameters(node, method=True)
    return found


def test_every_typescript_declaration_matches_its_python(declared: dict[str, dict[str, object]]) -> None:
    assert "wasmlit_shim.bridge" in declared
    for target, members in declared.items():
        assert members == _python_side(target), target


def test_the_check_sees_a_renamed_parameter(declared: dict[str, dict[str, object]]) -> None:
    # The comparison is of names and optionality: a rename on one side is a difference.
    members = dict(declared["wasmlit_shim.bridge"])
    members["start"] = [["entry_point", False], ["streamlit_config", False], ["shared", True]]
    assert members != _python_side("wasmlit_shim.bridge")
