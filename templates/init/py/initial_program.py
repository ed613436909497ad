"""The program adrs evolves. Only the code between the EVOLVE-BLOCK markers changes."""

# EVOLVE-BLOCK-START
VALUE_WEIGHT = 1.0
WEIGHT_PENALTY = 0.0


def priority(value, weight, capacity):
    """How much we want an item: higher is taken first."""
    return VALUE_WEIGHT * value - WEIGHT_PENALTY * weight + 0.0 * capacity
# EVOLVE-BLOCK-END
