import type { ServerResponse } from 'node:http';
import type { RunRegistry } from './runs.js';
import { overview } from './queries.js';

/**
 * Server-sent events for live runs. The run's own process writes the store;
 * here each watched run's read-only connection polls `PRAGMA data_version`
 * (which changes whenever another connection commits) and, on a change, every
 * subscriber gets the run's overview; the page then fetches what is new.
 */
export class EventHub {
  private readonly watchers = new Map<string, { clients: Set<ServerResponse>; version: number }>();
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly runs: RunRegistry,
    pollMs: number,
  ) {
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  subscribe(name: string, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    let w = this.watchers.get(name);
    if (!w) {
      w = { clients: new Set(), version: this.version(name) };
      this.watchers.set(name, w);
    }
    w.clients.add(res);
    res.write('retry: 2000\n\n');
    this.push(res, name);
    res.on('close', () => {
      w.clients.delete(res);
      if (w.clients.size === 0) this.watchers.delete(name);
    });
  }

  close(): void {
    clearInterval(this.timer);
    for (const w of this.watchers.values()) for (const res of w.clients) res.end();
    this.watchers.clear();
  }

  private version(name: string): number {
    return this.runs.reader(name)?.db.pragma('data_version', { simple: true }) as number;
  }

  private poll(): void {
    this.ticks++;
    for (const [name, w] of this.watchers) {
      const version = this.version(name);
      if (version !== w.version) {
        w.version = version;
        for (const res of w.clients) this.push(res, name);
      } else if (this.ticks % 30 === 0) {
        // A comment line keeps proxies from closing an idle stream.
        for (const res of w.clients) res.write(': keep-alive\n\n');
      }
    }
  }

  private push(res: ServerResponse, name: string): void {
    const store = this.runs.reader(name);
    if (!store) return;
    res.write(`event: update\ndata: ${JSON.stringify(overview(name, store))}\n\n`);
  }
}
