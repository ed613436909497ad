# The program adrs evolves: any language works with a command evaluator; this
# one is Python so that the offline mutator can change it without a model.
# It reads knapsack instances on stdin, one per line: "capacity v1:w1 v2:w2 ...",
# and prints the chosen item indices for each, one line per instance.
import sys

# EVOLVE-BLOCK-START
VALUE_WEIGHT = 1.0
WEIGHT_PENALTY = 0.0


def priority(value, weight, capacity):
    return VALUE_WEIGHT * value - WEIGHT_PENALTY * weight + 0.0 * capacity
# EVOLVE-BLOCK-END


for line in sys.stdin:
    fields = line.split()
    capacity = int(fields[0])
    items = [tuple(int(x) for x in f.split(":")) for f in fields[1:]]
    order = sorted(range(len(items)), key=lambda i: (-priority(items[i][0], items[i][1], capacity), i))
    room, chosen = capacity, []
    for i in order:
        if items[i][1] <= room:
            room -= items[i][1]
            chosen.append(str(i))
    print(" ".join(chosen))
