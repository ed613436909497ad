// Network telemetry repair: every router reports, per interface, rxRate and
// txRate (Mbps) and a status. Some counters are wrong (zeroed or scaled, one
// interface at a time or every interface of a router). Return, for every
// interface, [original, repaired, confidence] for rxRate, txRate and status.
// Redundancy: txRate of A_to_B should match rxRate of its peer B_to_A (and
// rxRate of A_to_B the peer's txRate); traffic into a router roughly equals
// traffic out of it (the routers' own origination/termination is not shown).

type Status = 'up' | 'down';

interface IfCounters {
  readonly interfaceStatus: Status;
  readonly rxRate: number; // Mbps, A's ingress from B
  readonly txRate: number; // Mbps, A's egress toward B
  readonly connectedTo: string; // the peer interface id, B_to_A
  readonly localRouter: string;
  readonly remoteRouter: string;
}

type Triple<T> = [original: T, repaired: T, confidence: number];

interface IfRepair {
  rxRate: Triple<number>;
  txRate: Triple<number>;
  interfaceStatus: Triple<Status>;
}

type Telemetry = Readonly<Record<string, IfCounters>>;
type Topology = Readonly<Record<string, readonly string[]>>;

// EVOLVE-BLOCK-START
// Min of the pair (a golden test program): rx = min(own rx, peer tx),
// tx = min(own tx, peer rx), one fixed confidence.
const CONFIDENCE = 1.0;

export function repairTelemetry(telemetry: Telemetry, _topology: Topology): Record<string, IfRepair> {
  const result: Record<string, IfRepair> = {};
  for (const id of Object.keys(telemetry)) {
    const t = telemetry[id]!;
    const peer = telemetry[t.connectedTo]!;
    result[id] = {
      rxRate: [t.rxRate, Math.min(t.rxRate, peer.txRate), CONFIDENCE],
      txRate: [t.txRate, Math.min(t.txRate, peer.rxRate), CONFIDENCE],
      interfaceStatus: [t.interfaceStatus, t.interfaceStatus, 1.0],
    };
  }
  return result;
}
// EVOLVE-BLOCK-END
