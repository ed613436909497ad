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
// Naive first fit: every model, in input order, goes to the lowest-index GPU
// with room for it. It is written as a preference score over the GPUs that
// fit (lower is better), so the preference is the thing to improve.
function preference(gpu: number, free: number, load: number, model: PrismModel): number {
  return gpu;
}

export function placeModels(gpuNum: number, models: readonly PrismModel[]): Map<number, PrismModel[]> {
  const placement = new Map<number, PrismModel[]>();
  const used: number[] = [];
  const load: number[] = [];
  for (let gpu = 0; gpu < gpuNum; gpu++) {
    placement.set(gpu, []);
    used.push(0);
    load.push(0);
  }
  for (const model of models) {
    let best = -1;
    let bestValue = Infinity;
    for (let gpu = 0; gpu < gpuNum; gpu++) {
      const free = GPU_MEM_GB - used[gpu]!;
      if (model.modelSize > free) continue;
      const value = preference(gpu, free, load[gpu]!, model);
      if (value < bestValue) {
        best = gpu;
        bestValue = value;
      }
    }
    if (best < 0) throw new Error(`no GPU has room for ${model.modelName}`);
    placement.get(best)!.push(model);
    used[best]! += model.modelSize;
    load[best]! += model.reqRate / model.slo;
  }
  return placement;
}
// EVOLVE-BLOCK-END
