// The reference seed exactly as it behaves (a golden test program, not a
// valid submission here). It means to report every counter as 0 with
// confidence 1 and copy the status, but its loop over the local router's
// interfaces reuses the outer loop's variable, so each result is stored under
// the router's *last* interface: the output covers 12 of the 30 interfaces.
// The reference skips missing ids when scoring; this task rejects them.

type Status = 'up' | 'down';

interface IfCounters {
  readonly interfaceStatus: Status;
  readonly rxRate: number;
  readonly txRate: number;
  readonly connectedTo: string;
  readonly localRouter: string;
  readonly remoteRouter: string;
}

type Triple<T> = [original: T, repaired: T, confidence: number];

interface IfRepair {
  rxRate: Triple<number>;
  txRate: Triple<number>;
  interfaceStatus: Triple<Status>;
}

// EVOLVE-BLOCK-START
export function repairTelemetry(
  telemetry: Readonly<Record<string, IfCounters>>,
  topology: Readonly<Record<string, readonly string[]>>,
): Record<string, IfRepair> {
  const result: Record<string, IfRepair> = {};
  for (const id of Object.keys(telemetry)) {
    const t = telemetry[id]!;
    let key = id;
    for (const other of topology[t.localRouter] ?? []) key = other;
    result[key] = {
      rxRate: [0, 0, 1.0],
      txRate: [0, 0, 1.0],
      interfaceStatus: [t.interfaceStatus, t.interfaceStatus, 1.0],
    };
  }
  return result;
}
// EVOLVE-BLOCK-END
