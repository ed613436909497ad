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
// Hodor-style repair (after Krentsel et al., HotNets'24), written from the
// case spec: harden each counter with the redundant reading at the other end
// of its link, decide which end is wrong with zero detection, router-wide
// fault votes and flow conservation, copy the trusted end, and estimate links
// whose both ends are broken from conservation. Confidence follows the kind of
// evidence behind each value.
const SYMMETRY_TOLERANCE = 0.1; // relative gap between link ends still counted as agreement
const ABSOLUTE_TOLERANCE = 0.5; // Mbps: gaps below this always agree (tiny links)
const ACTIVE_RATE = 1.0; // Mbps: a reading above this is clearly non-zero
const VOTE_WEIGHT = 1.0; // weight of the routers' fault votes (share of their links that disagree)
const FLOW_WEIGHT = 4.0; // weight of the flow-conservation evidence (imbalance change)
const STUB_VOTE = 0.5; // vote of a one-link router, which cannot tell its link from itself
const SURE_EVIDENCE = 0.4; // evidence above this makes a decision 'sure'
const CONF_AGREE = 0.95; // both ends agree
const CONF_PEER_STRONG = 0.9; // copied from the peer on zero detection (dead interface or router)
const CONF_SURE = 0.75; // either end of a link decided with clear evidence
const CONF_WEAK = 0.5; // a decision without clear evidence
const CONF_ESTIMATE = 0.2; // both ends broken: estimated from conservation

function agree(a: number, b: number): boolean {
  const gap = Math.abs(a - b);
  return gap <= ABSOLUTE_TOLERANCE || gap <= SYMMETRY_TOLERANCE * Math.max(a, b);
}

export function repairTelemetry(telemetry: Telemetry, topology: Topology): Record<string, IfRepair> {
  const ids = Object.keys(telemetry);
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const peer = ids.map((id) => index.get(telemetry[id]!.connectedTo) ?? -1);
  const routers = Object.keys(topology);
  const routerOf = ids.map((id) => routers.indexOf(telemetry[id]!.localRouter));
  const members = routers.map((r) => (topology[r] ?? []).map((id) => index.get(id) ?? -1).filter((i) => i >= 0));
  const rx = ids.map((id) => telemetry[id]!.rxRate);
  const tx = ids.map((id) => telemetry[id]!.txRate);

  // 1. Link symmetry: my tx is the peer's rx, my rx is the peer's tx.
  const linkOk = ids.map((_, i) => peer[i]! < 0 || (agree(tx[i]!, rx[peer[i]!]!) && agree(rx[i]!, tx[peer[i]!]!)));
  const silent = ids.map((_, i) => rx[i] === 0 && tx[i] === 0);
  const active = (i: number): boolean => rx[i]! > ACTIVE_RATE || tx[i]! > ACTIVE_RATE;

  // 2. Fault votes: a router whose every counter is zero while some peer sees
  // traffic is dead; otherwise each router votes with the share of its links
  // that disagree (every link of a router-wide fault disagrees).
  const routerDead = members.map(
    (m) => m.length > 0 && m.every((i) => silent[i]) && m.some((i) => peer[i]! >= 0 && active(peer[i]!)),
  );
  const vote = members.map((m) =>
    m.length < 2 ? STUB_VOTE : m.filter((i) => !linkOk[i]).length / Math.max(1, m.length),
  );

  // Flow imbalance of a router, |in - out| / max(in, out), with one interface's readings overridden.
  const imbalance = (r: number, which: number, rxValue: number, txValue: number): number => {
    if (members[r]!.length < 2) return 0; // a stub's in and out are its own traffic: no evidence
    let inSum = 0;
    let outSum = 0;
    for (const i of members[r]!) {
      inSum += i === which ? rxValue : rx[i]!;
      outSum += i === which ? txValue : tx[i]!;
    }
    const scale = Math.max(inSum, outSum);
    return scale > 0 ? Math.abs(inSum - outSum) / scale : 0;
  };

  // 3. Which end of each disagreeing link is wrong (both, for silent links and dead routers).
  const faulty = new Array<boolean>(n).fill(false);
  const confidence = new Array<number>(n).fill(CONF_AGREE); // confidence in the value kept or copied
  for (let i = 0; i < n; i++) {
    const p = peer[i]!;
    if (p < 0 || p < i) continue;
    const a = routerOf[i]!;
    const b = routerOf[p]!;
    if (silent[i] && silent[p]) {
      faulty[i] = faulty[p] = true; // no reading survives on this link (real links are never idle both ways)
      continue;
    }
    if (routerDead[a] || routerDead[b] || (silent[i] && active(p)) || (silent[p] && active(i))) {
      faulty[i] = routerDead[a]! || silent[i]!;
      faulty[p] = routerDead[b]! || silent[p]!;
      confidence[i] = confidence[p] = CONF_PEER_STRONG;
      continue;
    }
    if (linkOk[i]) continue;
    // Evidence that i (rather than p) is wrong: votes, and which replacement balances flows better.
    const before = imbalance(a, -1, 0, 0) + imbalance(b, -1, 0, 0);
    const fixI = imbalance(a, i, tx[p]!, rx[p]!) + imbalance(b, -1, 0, 0);
    const fixP = imbalance(a, -1, 0, 0) + imbalance(b, p, tx[i]!, rx[i]!);
    const evidence = VOTE_WEIGHT * (vote[a]! - vote[b]!) + FLOW_WEIGHT * (fixP - fixI);
    const blameI = evidence >= 0;
    faulty[i] = blameI;
    faulty[p] = !blameI;
    const sure = Math.abs(evidence) > SURE_EVIDENCE && Math.min(fixI, fixP) <= before;
    confidence[i] = confidence[p] = sure ? CONF_SURE : CONF_WEAK;
  }

  // 4. Repair: copy the trusted end; links broken at both ends are estimated below.
  const newRx = rx.slice();
  const newTx = tx.slice();
  const unknown: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = peer[i]!;
    if (!faulty[i] || p < 0) continue;
    if (faulty[p]) {
      unknown.push(i);
      continue;
    }
    newRx[i] = tx[p]!;
    newTx[i] = rx[p]!;
  }
  // Both ends broken: start from the average of the two ends' readings (zero
  // for dead routers: then the mean rate of the routers' other links), then
  // let each router's conservation set the direction imbalance.
  const isUnknown = new Array<boolean>(n).fill(false);
  for (const i of unknown) isUnknown[i] = true;
  for (const i of unknown) {
    const p = peer[i]!;
    let level = (rx[i]! + tx[p]! + tx[i]! + rx[p]!) / 4;
    if (level === 0) {
      let sum = 0;
      let count = 0;
      for (const j of [...members[routerOf[i]!]!, ...members[routerOf[p]!]!]) {
        if (isUnknown[j]) continue;
        sum += newRx[j]! + newTx[j]!;
        count += 2;
      }
      level = count > 0 ? sum / count : 0;
    }
    newRx[i] = level;
    newTx[i] = level;
    confidence[i] = CONF_ESTIMATE;
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const i of unknown) {
      const p = peer[i]!;
      if (p < i) continue;
      // x = flow i -> p (tx of i), y = flow p -> i (rx of i); conservation at both routers gives x - y.
      let restA = 0;
      for (const j of members[routerOf[i]!]!) if (j !== i) restA += newRx[j]! - newTx[j]!;
      let restB = 0;
      for (const j of members[routerOf[p]!]!) if (j !== p) restB += newRx[j]! - newTx[j]!;
      const diff = (restA - restB) / 2;
      const level = (newRx[i]! + newTx[i]!) / 2;
      const x = Math.max(0, level + diff / 2);
      const y = Math.max(0, level - diff / 2);
      newTx[i] = x;
      newRx[i] = y;
      newRx[p] = x;
      newTx[p] = y;
    }
  }

  // 5. Status: 'down' with traffic on the link is up; 'up' facing a 'down' peer with no traffic is down.
  const result: Record<string, IfRepair> = {};
  ids.forEach((id, i) => {
    const t = telemetry[id]!;
    const p = peer[i]!;
    const traffic = newRx[i]! > ACTIVE_RATE || newTx[i]! > ACTIVE_RATE;
    const peerDown = p >= 0 && telemetry[ids[p]!]!.interfaceStatus === 'down';
    let status: Status = t.interfaceStatus;
    if (status === 'down' && traffic) status = 'up';
    if (status === 'up' && peerDown && !traffic) status = 'down';
    const c = confidence[i]!;
    result[id] = {
      rxRate: [t.rxRate, newRx[i]!, c],
      txRate: [t.txRate, newTx[i]!, c],
      interfaceStatus: [t.interfaceStatus, status, status === t.interfaceStatus ? CONF_AGREE : CONF_WEAK],
    };
  });
  return result;
}
// EVOLVE-BLOCK-END
