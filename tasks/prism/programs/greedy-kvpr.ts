// Prism: place 2g LLMs on g GPUs (80 GB each) to minimise the maximum
// KV-cache pressure  KVPR(gpu) = sum(reqRate / slo) / (80 - sum(modelSize)).

interface PrismModel {
  readonly modelName: string;
  readonly modelSize: number; // GB
  readonly reqRate: number;
  readonly slo: number;
  readonly curGpuId: number;
}

const GPU_MEM_GB = 80;

// EVOLVE-BLOCK-START
// Greedy KVPR (Algorithm 1 of the Prism paper, without its tau check): models
// by reqRate/slo descending (stable), each to the GPU that fits it with the
// smallest current load / free memory.
export function placeModels(gpuNum: number, models: readonly PrismModel[]): Map<number, PrismModel[]> {
  const order = [...models].sort((a, b) => b.reqRate / b.slo - a.reqRate / a.slo);
  const placement = new Map<number, PrismModel[]>();
  const free: number[] = [];
  const load: number[] = [];
  for (let gpu = 0; gpu < gpuNum; gpu++) {
    placement.set(gpu, []);
    free.push(GPU_MEM_GB);
    load.push(0);
  }
  for (const model of order) {
    let best = -1;
    let bestKvpr = Infinity;
    for (let gpu = 0; gpu < gpuNum; gpu++) {
      if (model.modelSize <= free[gpu]! && free[gpu]! > 0) {
        const kvpr = load[gpu]! / free[gpu]!;
        if (kvpr < bestKvpr) {
          best = gpu;
          bestKvpr = kvpr;
        }
      }
    }
    if (best < 0) throw new Error(`no GPU has room for ${model.modelName}`);
    placement.get(best)!.push(model);
    load[best]! += model.reqRate / model.slo;
    free[best]! -= model.modelSize;
  }
  return placement;
}
// EVOLVE-BLOCK-END
