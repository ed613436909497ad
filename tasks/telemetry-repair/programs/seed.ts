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
// Placeholder (the reference's seed): repairs nothing. Every counter is
// reported as 0 with full confidence and the status is copied. A repaired
// value is written as a weighted mix of the interface's own reading and its
// peer's matching reading, with separate weights for when the two ends agree
// and when they do not; all weights are 0 here, so they are the first thing
// to change.
const OWN_WEIGHT = 0; // ends agree: weight of this interface's own reading
const PEER_WEIGHT = 0; // ends agree: weight of the peer's matching reading
const DISAGREE_OWN_WEIGHT = 0; // ends disagree: weight of the own reading
const DISAGREE_PEER_WEIGHT = 0; // ends disagree: weight of the peer's reading
const AGREEMENT_TOLERANCE = 0.02; // relative gap under which the two ends agree
const AGREE_CONFIDENCE = 1.0; // confidence when the two ends agree
const DISAGREE_CONFIDENCE = 1.0; // confidence when they do not
const STATUS_CONFIDENCE = 1.0;

function repairCounter(own: number, peer: number): [number, number] {
  let repaired = Math.max(0, OWN_WEIGHT * own + PEER_WEIGHT * peer);
  let confidence = AGREE_CONFIDENCE;
  const gap = Math.abs(own - peer);
  if (gap > AGREEMENT_TOLERANCE * Math.max(own, peer)) {
    repaired = Math.max(0, DISAGREE_OWN_WEIGHT * own + DISAGREE_PEER_WEIGHT * peer);
    confidence = DISAGREE_CONFIDENCE;
  }
  return [repaired, confidence];
}

export function repairTelemetry(telemetry: Telemetry, topology: Topology): Record<string, IfRepair> {
  const result: Record<string, IfRepair> = {};
  for (const id of Object.keys(telemetry)) {
    const t = telemetry[id]!;
    const peer = telemetry[t.connectedTo];
    // My rx is what the peer transmitted to me; my tx is what the peer received from me.
    const peerTx = peer ? peer.txRate : t.rxRate;
    const peerRx = peer ? peer.rxRate : t.txRate;
    const [rx, rxConfidence] = repairCounter(t.rxRate, peerTx);
    const [tx, txConfidence] = repairCounter(t.txRate, peerRx);
    result[id] = {
      rxRate: [t.rxRate, rx, rxConfidence],
      txRate: [t.txRate, tx, txConfidence],
      interfaceStatus: [t.interfaceStatus, t.interfaceStatus, STATUS_CONFIDENCE],
    };
  }
  return result;
}
// EVOLVE-BLOCK-END
