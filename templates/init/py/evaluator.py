"""Scores a candidate (OpenEvolve style): evaluate(program_path) returns a dict
with combined_score (higher is better) and any other metrics. Return an
"error" string to mark the program invalid. A cheap evaluate_stage1 runs first
and the full evaluation only if it reaches the threshold in adrs-task.yaml."""

import importlib.util
import os
import random


def load(path):
    spec = importlib.util.spec_from_file_location("candidate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def instances(seed, count):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        weights = [rng.randint(1, 40) for _ in range(30)]
        values = [max(1, w + rng.randint(-14, 15)) for w in weights]
        out.append((sum(weights) // 3, values, weights))
    return out


def optimum(capacity, values, weights):
    best = [0] * (capacity + 1)
    for v, w in zip(values, weights):
        for c in range(capacity, w - 1, -1):
            best[c] = max(best[c], best[c - w] + v)
    return best[capacity]


def score(program, cases):
    percents = []
    for capacity, values, weights in cases:
        ranks = [program.priority(v, w, capacity) for v, w in zip(values, weights)]
        order = sorted(range(len(values)), key=lambda i: (-ranks[i], i))
        room, value = capacity, 0
        for i in order:
            if weights[i] <= room:
                room -= weights[i]
                value += values[i]
        percents.append(100.0 * value / optimum(capacity, values, weights))
    return sum(percents) / len(percents)


def split():
    """(seed, count): adrs sets ADRS_SPLIT to train or test; the held-out instances stay separate."""
    return (1, 20) if os.environ.get("ADRS_SPLIT", "train") == "train" else (2, 10)


def evaluate_stage1(program_path):
    try:
        return {"combined_score": score(load(program_path), instances(split()[0], 3))}
    except Exception as error:
        return {"combined_score": 0.0, "error": f"{type(error).__name__}: {error}"}


def evaluate(program_path):
    try:
        return {"combined_score": score(load(program_path), instances(*split()))}
    except Exception as error:
        return {"combined_score": 0.0, "error": f"{type(error).__name__}: {error}"}


evaluate_stage2 = evaluate
