// Prism round-robin placement: model j on GPU j mod g. The score's 0 anchor.

interface PrismModel {
  readonly modelName: string;
  readonly modelSize: number;
  readonly reqRate: number;
  readonly slo: number;
  readonly curGpuId: number;
}

// EVOLVE-BLOCK-START
export function placeModels(gpuNum: number, models: readonly PrismModel[]): Map<number, PrismModel[]> {
  const placement = new Map<number, PrismModel[]>();
  for (let gpu = 0; gpu < gpuNum; gpu++) placement.set(gpu, []);
  models.forEach((model, j) => placement.get(j % gpuNum)!.push(model));
  return placement;
}
// EVOLVE-BLOCK-END
