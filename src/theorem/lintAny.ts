/**
 * Catalogue lint: no `any` in theorem code. A theorem's `evaluate` sees the backend as `Backend<Opaque>` (types.ts),
 * so scalars, vectors and matrices are distinct types; an `any` (or `AnyBackend` = Backend<any>, `AnyTheorem`) turns
 * that checking off again. Parsed with the TypeScript compiler (comments and strings are not flagged). Used by the
 * catalogue test (properties/noAny.test.ts); needs the `typescript` dev dependency, so nothing at run time imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Type names that are `any` in disguise. */
const ANY_ALIASES = new Set(['AnyBackend', 'AnyTheorem']);

export interface AnyUse {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  readonly text: string;
}

/** Every `any` type (and any-alias) in a TypeScript source. */
export function findAny(source: string, file = 'input.ts'): AnyUse[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: AnyUse[] = [];
  const at = (node: ts.Node, text: string) => {
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) at(node, 'any');
    else if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && ANY_ALIASES.has(node.typeName.text)) {
      at(node, node.typeName.text);
    } else if (
      ts.isImportTypeNode(node) &&
      node.qualifier !== undefined &&
      ts.isIdentifier(node.qualifier) &&
      ANY_ALIASES.has(node.qualifier.text)
    ) {
      at(node, node.qualifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every .ts file under `dir`, as sorted paths relative to it with `/` separators (the lint tests' file list). */
export function tsFilesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.ts') ? [p] : [];
    });
  return walk(dir)
    .map((f) => path.relative(dir, f).split(path.sep).join('/'))
    .sort();
}
