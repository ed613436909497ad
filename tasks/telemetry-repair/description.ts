/** The problem statement a proposer reads. */
export const DESCRIPTION = `Network telemetry repair: correct corrupted router counters and say how sure you are.

A network controller reads, from every router of a backbone (Abilene: 12 routers, 15 bidirectional links,
30 interfaces), per-interface counters. Interface "A_to_B" is router A's port facing router B: txRate is A's
egress toward B, rxRate is A's ingress from B (Mbps); its peer is "B_to_A". Some counters are wrong: in a case,
either single interfaces are hit (both counters zeroed, or each scaled by 0.5-0.8 or 1.2-1.5) or whole routers are
hit (every interface of the router zeroed, or scaled as above). On top of that every counter carries about +-2 %
measurement noise, and the two ends of a healthy link differ by a few percent. Interface status is always 'up' in
the shipped data. Redundancy makes repair possible: txRate(A_to_B) should match rxRate(B_to_A) (link symmetry), and
traffic into a router roughly equals traffic out (flow conservation; the router's own originated/terminated traffic
is not shown, so this holds only to about 10-15 %).

Export
  repairTelemetry(telemetry: Record<string, IfCounters>, topology: Record<string, string[]>): Record<string, IfRepair>
where IfCounters = { interfaceStatus: 'up' | 'down', rxRate: number, txRate: number, connectedTo: string,
localRouter: string, remoteRouter: string }, topology maps each router id to its interface ids, and
IfRepair = { rxRate: [original, repaired, confidence], txRate: [original, repaired, confidence],
interfaceStatus: [original, repaired, confidence] }.

Rules: the output must hold every interface id of the input; each triple has exactly 3 elements; repaired rates are
finite numbers >= 0; repaired status is 'up' or 'down'; confidences are numbers in [0, 1]. Anything else makes the
whole evaluation invalid. An exception fails that case (it scores 0). The inputs are frozen (copy before changing);
no I/O, timers or randomness are available.

Scoring per case (the host recomputes it against ground truth it never shows you):
- counter repair = max(0, 1 - mean over counters with true value g > 0 of min(|repaired - g| / g, 1));
- status repair = fraction of interfaces whose repaired status is right;
- calibration = mean over all rx/tx counters of: acc = 1 - |g - repaired| / max(|g|, |repaired|, 1);
  if acc > 0.8: 1 when confidence > 0.7, else 0.5 + (confidence - 0.3) * 1.25;
  otherwise: 0.8 when confidence < 0.3, else max(0, 0.8 - 2 * confidence * (1 - acc)); each clipped to [0, 1];
- combined = 0.75 counter + 0.05 status + 0.2 calibration.
The task score is 100 x the mean combined score over the cases (0..100, higher is better).`;
