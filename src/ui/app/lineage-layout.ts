import { hierarchy, tree } from 'd3-hierarchy';
import type { ProgramColumns } from './types.js';

export interface TreeLayout {
  /** Row index in the columns for each laid-out node. */
  row: Int32Array;
  x: Float32Array;
  y: Float32Array;
  /** Index of the parent node in this layout, -1 for the root. */
  parent: Int32Array;
  width: number;
  height: number;
  indexOf: Map<string, number>;
}

interface Node {
  row: number;
  children: Node[];
}

export const NODE_GAP = 14;
export const LEVEL_GAP = 40;

/**
 * Tidy tree of the first-parent lineage (d3-hierarchy), left to right by
 * generation. A program whose parent is not in the table hangs off the root.
 */
export function layoutLineage(c: ProgramColumns): TreeLayout {
  const nodes = c.id.map((_, row): Node => ({ row, children: [] }));
  const byId = new Map(c.id.map((id, row) => [id, row]));
  let rootRow = byId.get('p0') ?? 0;
  if (nodes.length === 0) rootRow = -1;
  for (let row = 0; row < nodes.length; row++) {
    if (row === rootRow) continue;
    const p = c.parent[row];
    const pr = p === null || p === undefined ? undefined : byId.get(p);
    nodes[pr !== undefined && pr !== row ? pr : rootRow]!.children.push(nodes[row]!);
  }
  const n = nodes.length;
  const out: TreeLayout = {
    row: new Int32Array(n),
    x: new Float32Array(n),
    y: new Float32Array(n),
    parent: new Int32Array(n),
    width: 0,
    height: 0,
    indexOf: new Map(),
  };
  if (n === 0) return out;
  // Children in iteration order, so that the drawing is stable as a live run grows.
  for (const node of nodes) node.children.sort((a, b) => c.iteration[a.row]! - c.iteration[b.row]!);
  const root = tree<Node>().nodeSize([NODE_GAP, LEVEL_GAP])(hierarchy(nodes[rootRow]!, (d) => d.children));
  let minY = Infinity;
  let maxY = -Infinity;
  let maxX = 0;
  let k = 0;
  const index = new Map<Node, number>();
  root.each((d) => {
    index.set(d.data, k);
    out.row[k] = d.data.row;
    out.x[k] = d.y; // depth runs left to right
    out.y[k] = d.x;
    out.parent[k] = d.parent ? index.get(d.parent.data)! : -1;
    minY = Math.min(minY, d.x);
    maxY = Math.max(maxY, d.x);
    maxX = Math.max(maxX, d.y);
    out.indexOf.set(c.id[d.data.row]!, k);
    k++;
  });
  for (let i = 0; i < n; i++) out.y[i] = out.y[i]! - minY;
  out.width = maxX;
  out.height = maxY - minY;
  return out;
}
