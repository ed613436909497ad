// Loads the real region graph (Skyplane profiles) and the five reference configurations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SLOTS, NUM_VMS, type CloudcastConfig, type GraphData } from './contract.js';
import { graphFromRows, type EdgeRow } from './graph.js';

export const THROUGHPUT_FILE = join('profiles', 'throughput.csv');
export const COST_FILE = join('profiles', 'cost.csv');
export const configFile = (name: string): string => join('config', `${name}.json`);

/** RFC-4180-ish CSV (quoted fields, doubled quotes); returns the header and the rows. */
export function parseCsv(text: string, file: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  if (quoted) throw new Error(`${file}: unterminated quoted field`);
  const header = rows.shift();
  if (!header) throw new Error(`${file}: empty file`);
  return { header, rows };
}

function columns(header: string[], names: readonly string[], file: string): number[] {
  return names.map((n) => {
    const at = header.indexOf(n);
    if (at < 0) throw new Error(`${file}: missing column ${n} (has ${header.join(', ')})`);
    return at;
  });
}

function number(text: string | undefined, file: string, line: number, column: string): number {
  const v = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v))
    throw new Error(`${file}: line ${line}: ${column} is not a number (${JSON.stringify(text)})`);
  return v;
}

/**
 * The reference's graph: one edge per throughput row (self pairs skipped) with
 * throughput = NUM_VMS * throughput_sent / 1e9 Gbit/s, then costs from cost.csv
 * for the pairs that exist. `parseFloat` is correctly rounded where pandas is not;
 * the spec (section 2.1) shows this changes no score.
 */
export function graphFromCsv(throughputCsv: string, costCsv: string, tpFile: string, costFile: string): GraphData {
  const tp = parseCsv(throughputCsv, tpFile);
  const [s, d, t] = columns(tp.header, ['src_region', 'dst_region', 'throughput_sent'], tpFile) as [
    number,
    number,
    number,
  ];
  const rows: EdgeRow[] = tp.rows.map((r, i) => {
    const sent = number(r[t], tpFile, i + 2, 'throughput_sent');
    if (!(sent > 0)) throw new Error(`${tpFile}: line ${i + 2}: throughput_sent must be positive`);
    return { src: r[s] ?? '', dst: r[d] ?? '', cost: NaN, throughputGbps: (NUM_VMS * sent) / 1e9 };
  });
  const graph = graphFromRows(rows);
  const index = new Map(graph.nodes.map((n, i) => [n, i]));
  const pos = new Map<number, number>();
  for (let e = 0; e < graph.edges.length / 4; e++) {
    pos.set(graph.edges[4 * e]! * graph.nodes.length + graph.edges[4 * e + 1]!, e);
  }
  const cost = parseCsv(costCsv, costFile);
  const [cs, cd, cc] = columns(cost.header, ['src', 'dest', 'cost'], costFile) as [number, number, number];
  cost.rows.forEach((r, i) => {
    const u = index.get(r[cs] ?? '');
    const v = index.get(r[cd] ?? '');
    if (u === undefined || v === undefined) return;
    const e = pos.get(u * graph.nodes.length + v);
    if (e === undefined) return;
    const c = number(r[cc], costFile, i + 2, 'cost');
    if (c < 0) throw new Error(`${costFile}: line ${i + 2}: cost must not be negative`);
    graph.edges[4 * e + 2] = c;
  });
  for (let e = 0; e < graph.edges.length / 4; e++) {
    if (Number.isNaN(graph.edges[4 * e + 2])) {
      const [u, v] = [graph.nodes[graph.edges[4 * e]!], graph.nodes[graph.edges[4 * e + 1]!]];
      throw new Error(`${costFile}: no cost for the measured pair ${u} -> ${v}`);
    }
  }
  return graph;
}

export function loadRealGraph(dir: string): GraphData {
  const tpFile = join(dir, THROUGHPUT_FILE);
  const costFile = join(dir, COST_FILE);
  return graphFromCsv(readFileSync(tpFile, 'utf8'), readFileSync(costFile, 'utf8'), tpFile, costFile);
}

function limits(value: unknown, file: string, field: string): Record<string, number> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${file}: ${field} must be an object from provider to Gbit/s`);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !(v > 0)) throw new Error(`${file}: ${field}.${k} must be a positive number`);
    out[k] = v;
  }
  return out;
}

/** Reads one reference config JSON, checking every field used. */
export function parseConfig(text: string, file: string, name: string, graph: GraphData): CloudcastConfig {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const nodes = new Set(graph.nodes);
  const src = raw.source_node;
  if (typeof src !== 'string' || !nodes.has(src)) throw new Error(`${file}: source_node must be a region of the graph`);
  const dsts = raw.dest_nodes;
  if (!Array.isArray(dsts) || dsts.length === 0) throw new Error(`${file}: dest_nodes must be a non-empty list`);
  for (const d of dsts) {
    if (typeof d !== 'string' || !nodes.has(d))
      throw new Error(`${file}: dest_nodes holds ${JSON.stringify(d)}, not a region`);
    if (d === src) throw new Error(`${file}: dest_nodes holds the source ${d}`);
  }
  if (new Set(dsts).size !== dsts.length) throw new Error(`${file}: dest_nodes has duplicates`);
  const vol = raw.data_vol;
  if (typeof vol !== 'number' || !(vol > 0)) throw new Error(`${file}: data_vol must be a positive number`);
  const p = raw.num_partitions;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1)
    throw new Error(`${file}: num_partitions must be a positive integer`);
  return {
    name,
    source: src,
    destinations: dsts as string[],
    dataVolGb: vol,
    numPartitions: p,
    ingressLimit: limits(raw.ingress_limit, file, 'ingress_limit'),
    egressLimit: limits(raw.egress_limit, file, 'egress_limit'),
  };
}

export function loadRealConfigs(dir: string, graph: GraphData): CloudcastConfig[] {
  return CONFIG_SLOTS.map((name) => {
    const file = join(dir, configFile(name));
    return parseConfig(readFileSync(file, 'utf8'), file, name, graph);
  });
}
