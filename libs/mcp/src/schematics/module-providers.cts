import type * as TypeScript from 'typescript';

/** What adding a provider to a module's source came to. */
export type ProviderEdit = { kind: 'edited'; text: string } | { kind: 'present' } | { kind: 'refused'; reason: string };

interface Insertion {
  at: number;
  text: string;
}

/**
 * Adds `className` (imported from `specifier`) to the `providers` of the one `@Module({ ... })` class in `text`, with
 * the TypeScript compiler API of the user's project. Refuses, rather than guess, when the module is not written as
 * an object literal with an array literal of providers; answers `present` when the class is listed already.
 */
export function addProvider(ts: typeof TypeScript, fileName: string, text: string, className: string, specifier: string): ProviderEdit {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const modules = moduleDecorators(ts, source);
  if (modules.length !== 1) {
    return { kind: 'refused', reason: modules.length ? 'it declares more than one @Module() class' : 'it has no @Module() class' };
  }
  const [metadata] = modules[0].arguments;
  if (!metadata || !ts.isObjectLiteralExpression(metadata)) return { kind: 'refused', reason: 'its @Module() argument is not an object literal' };
  const providers = metadata.properties.find((property) => property.name !== undefined && propertyName(ts, property.name) === 'providers');
  const list = providers && ts.isPropertyAssignment(providers) && ts.isArrayLiteralExpression(providers.initializer) ? providers.initializer : undefined;
  if (providers && !list) return { kind: 'refused', reason: 'its providers are not an array literal' };
  if (!providers && metadata.properties.some(ts.isSpreadAssignment)) return { kind: 'refused', reason: 'its @Module() metadata spreads another object' };
  if (list && list.elements.some((element) => lists(ts, element, className))) return { kind: 'present' };
  const imported = importOf(ts, source, className);
  if (imported !== undefined && withoutExtension(imported) !== withoutExtension(specifier)) {
    return { kind: 'refused', reason: `it imports another ${className} (from '${imported}')` };
  }
  const edits = [list ? appendTo(text, list, list.elements, className) : appendProperty(text, metadata, `providers: [${className}]`)];
  if (imported === undefined) edits.push(importStatement(ts, source, className, specifier));
  return { kind: 'edited', text: apply(text, edits) };
}

function moduleDecorators(ts: typeof TypeScript, source: TypeScript.SourceFile): TypeScript.CallExpression[] {
  const found: TypeScript.CallExpression[] = [];
  const visit = (node: TypeScript.Node): void => {
    // Decorators are children of the class in every TypeScript version (`decorators` before 4.8, `modifiers` after).
    if (ts.isDecorator(node) && ts.isClassDeclaration(node.parent) && ts.isCallExpression(node.expression)) {
      const callee = node.expression.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      if (ts.isIdentifier(name) && name.text === 'Module') found.push(node.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function propertyName(ts: typeof TypeScript, name: TypeScript.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** `NotesTools` or `{ provide: NotesTools, ... }` */
function lists(ts: typeof TypeScript, element: TypeScript.Expression, className: string): boolean {
  if (ts.isIdentifier(element)) return element.text === className;
  if (!ts.isObjectLiteralExpression(element)) return false;
  return element.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      propertyName(ts, property.name) === 'provide' &&
      ts.isIdentifier(property.initializer) &&
      property.initializer.text === className,
  );
}

/** The module specifier `className` is imported from, if the file imports that name. */
function importOf(ts: typeof TypeScript, source: TypeScript.SourceFile, className: string): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === className)) {
      return statement.moduleSpecifier.text;
    }
  }
  return undefined;
}

function withoutExtension(specifier: string): string {
  return specifier.replace(/\.(js|ts)$/, '');
}

function appendProperty(text: string, object: TypeScript.ObjectLiteralExpression, property: string): Insertion {
  if (!object.properties.length) return { at: object.getStart() + 1, text: ` ${property} ` };
  return appendTo(text, object, object.properties, property);
}

/** After the last item of a non-empty list, in its layout: one item a line (with its indent, trailing comma kept) or inline. */
function appendTo(text: string, container: TypeScript.Node, items: TypeScript.NodeArray<TypeScript.Node>, item: string): Insertion {
  const last = items[items.length - 1];
  if (!last) return { at: container.getStart() + 1, text: item };
  const multiline = text.slice(container.getStart(), last.getStart()).includes('\n');
  if (!multiline) return { at: last.getEnd(), text: `, ${item}` };
  const lineStart = text.lastIndexOf('\n', last.getStart()) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  if (!items.hasTrailingComma) return { at: last.getEnd(), text: `,\n${indent}${item}` };
  return { at: text.indexOf(',', last.getEnd()) + 1, text: `\n${indent}${item},` };
}

/** After the last import, in the quotes the file uses. */
function importStatement(ts: typeof TypeScript, source: TypeScript.SourceFile, className: string, specifier: string): Insertion {
  const imports = source.statements.filter(ts.isImportDeclaration);
  const quote = imports[0]?.moduleSpecifier.getText(source).startsWith('"') ? '"' : "'";
  const statement = `import { ${className} } from ${quote}${specifier}${quote};`;
  const last = imports[imports.length - 1];
  return last ? { at: last.getEnd(), text: `\n${statement}` } : { at: 0, text: `${statement}\n` };
}

function apply(text: string, insertions: Insertion[]): string {
  return [...insertions].sort((a, b) => b.at - a.at).reduce((result, { at, text: piece }) => result.slice(0, at) + piece + result.slice(at), text);
}
