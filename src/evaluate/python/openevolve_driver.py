"""Runs an OpenEvolve-style evaluator for adrs and writes the result in the
results-folder layout adrs reads (metrics.json + correct.json).

usage: python3 openevolve_driver.py EVALUATOR_PY PROGRAM_PATH RESULTS_DIR CASCADE_JSON

CASCADE_JSON is null (call evaluate) or a list of thresholds: evaluate_stage1,
then stage2 if the score reaches thresholds[0], then stage3 if it reaches
thresholds[1]. Metrics of later stages are merged over earlier ones.
"""

import importlib.util
import json
import math
import os
import sys
import traceback


def load_evaluator(path):
    folder = os.path.dirname(os.path.abspath(path))
    # Evaluators import their neighbours (helpers, data loaders) by plain name.
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("adrs_user_evaluator", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return str(value)


def split_result(result):
    """A dict of metrics, or an object with .metrics (and .artifacts)."""
    if isinstance(result, dict):
        return dict(result), {}
    metrics = getattr(result, "metrics", None)
    if isinstance(metrics, dict):
        artifacts = getattr(result, "artifacts", None) or {}
        return dict(metrics), dict(artifacts) if isinstance(artifacts, dict) else {"artifacts": artifacts}
    raise TypeError(
        f"evaluate() returned {type(result).__name__}; expected a dict of metrics "
        "or an object with a .metrics dict"
    )


def numeric(metrics):
    out = {}
    for key, value in metrics.items():
        if isinstance(value, bool):
            out[key] = float(value)
        elif isinstance(value, (int, float)) and math.isfinite(value):
            out[key] = float(value)
        elif hasattr(value, "item"):  # numpy scalars
            try:
                v = float(value.item())
                if math.isfinite(v):
                    out[key] = v
            except (TypeError, ValueError):
                pass
    return out


def stage_score(metrics):
    """combined_score when present, else the mean of the numeric metrics (OpenEvolve's fallback)."""
    nums = numeric(metrics)
    if "combined_score" in nums:
        return nums["combined_score"]
    values = [v for k, v in nums.items() if k != "error"]
    return sum(values) / len(values) if values else 0.0


def evaluate(module, program, cascade):
    stages = []
    if cascade is not None and hasattr(module, "evaluate_stage1"):
        for i, name in enumerate(("evaluate_stage1", "evaluate_stage2", "evaluate_stage3")):
            fn = getattr(module, name, None)
            if fn is None:
                break
            if i > 0:
                threshold = cascade[i - 1] if i - 1 < len(cascade) else None
                if threshold is not None and stage_score(stages[-1][0]) < threshold:
                    break
            stages.append(split_result(fn(program)))
    else:
        if not hasattr(module, "evaluate"):
            raise AttributeError("the evaluator defines no evaluate(program_path)")
        stages.append(split_result(module.evaluate(program)))
    metrics, artifacts = {}, {}
    for m, a in stages:
        metrics.update(m)
        artifacts.update(a)
    return metrics, artifacts, len(stages)


def write(results, metrics, correct, error):
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "metrics.json"), "w") as f:
        json.dump(metrics, f)
    with open(os.path.join(results, "correct.json"), "w") as f:
        json.dump({"correct": correct, "error": error}, f)


def main():
    evaluator_path, program, results, cascade_json = sys.argv[1:5]
    cascade = json.loads(cascade_json)
    try:
        module = load_evaluator(evaluator_path)
        metrics, artifacts, stages = evaluate(module, program, cascade)
    except Exception:  # the evaluator's own crash: report it, do not hide it
        write(results, {}, False, "evaluator raised:\n" + traceback.format_exc(limit=6))
        return
    nums = numeric(metrics)
    public = {k: v for k, v in nums.items() if k != "combined_score"}
    public["cascade_stages"] = float(stages)
    error = metrics.get("error")
    payload = {
        "combined_score": stage_score(metrics),
        "public": public,
        "text_feedback": "\n".join(f"{k}: {as_text(v)}" for k, v in artifacts.items()),
    }
    write(results, payload, not isinstance(error, str), error if isinstance(error, str) else None)


if __name__ == "__main__":
    main()
