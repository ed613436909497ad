#!/bin/sh
# The evaluator contract: adrs runs `sh evaluate.sh <program file>` and reads the
# last JSON object printed on stdout: "combined_score" (higher is better), other
# numbers as metrics, "feedback" as text for the next prompt, "error" to reject.
# $ADRS_SPLIT is train or test. Swap in any language you like.
set -u
program="$1"
cases="instances-${ADRS_SPLIT:-train}.txt"
optima="optima-${ADRS_SPLIT:-train}.txt"
out=$(python3 "$program" < "$cases" 2>&1) || {
  printf '{"error": "the program failed: %s"}\n' "$(printf '%s' "$out" | tail -n 1 | tr -d '"\\')"
  exit 0
}
printf '%s\n' "$out" | awk -v cases="$cases" -v optima="$optima" '
  {
    getline line < cases; getline best < optima; n = split(line, f, " "); cap = f[1]
    delete v; delete w
    for (i = 2; i <= n; i++) { split(f[i], vw, ":"); v[i - 2] = vw[1]; w[i - 2] = vw[2] }
    used = 0; value = 0; delete seen
    for (j = 1; j <= NF; j++) {
      k = $j
      if (k in seen || !(k in w)) { printf "{\"error\": \"line %d: item %s is unknown or chosen twice\"}\n", NR, k; bad = 1; exit }
      seen[k] = 1; used += w[k]; value += v[k]
    }
    if (used > cap) { printf "{\"error\": \"line %d: weight %d exceeds capacity %d\"}\n", NR, used, cap; bad = 1; exit }
    total += 100 * value / best; count++
  }
  END { if (!bad) printf "{\"combined_score\": %.6f, \"instances\": %d}\n", total / count, count }'
