import { parse } from '@babel/parser';

/** The subset of a Babel node the mutator reads. */
export interface Node {
  type: string;
  start: number;
  end: number;
  loc: { start: { line: number } };
  [key: string]: unknown;
}

export function parseProgram(source: string): Node {
  return parse(source, { sourceType: 'module', plugins: ['typescript'], errorRecovery: false }) as unknown as Node;
}

/** Whether the source parses; the message says where it does not. */
export function parseError(source: string): string | undefined {
  try {
    parseProgram(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && 'start' in value;
}

/** Depth-first walk with the chain of ancestors (nearest last). */
export function walk(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const stack: Node[] = [];
  const go = (node: Node): void => {
    visit(node, stack);
    stack.push(node);
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) go(c);
      } else if (isNode(child)) go(child);
    }
    stack.pop();
  };
  go(root);
}

export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
]);
