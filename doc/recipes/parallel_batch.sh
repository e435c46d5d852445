#!/usr/bin/env bash
# Scores a clinic CSV with GNU parallel: csv_partitions.py cuts the file into partitions of
# whole records (quote-aware) and says where each starts; each job feeds the header and one
# partition to `thomas batch -` with --first-row/--first-line (so messages name the rows and
# lines of the whole file) and --no-output-header for all but the first; -k keeps the outputs
# in order. The result is byte for byte what one `thomas batch FILE` writes (doc/scaling.md).
#
# Usage: parallel_batch.sh FILE [BATCH OPTION...] > scored.csv
# Environment: THOMAS (default: thomas), PARTITION_BYTES (default 8388608),
#   PARALLEL_OPTIONS, e.g. "--sshlogin 4/host1,4/host2 --basefile FILE" to run the jobs on
#   other hosts (each needs thomas; --basefile copies the file there).
# Exit status: as `thomas batch`: 0, 65 when some row is an error, else the first job's failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
file=$1
shift
thomas=${THOMAS:-thomas}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Each job: the header line, then bytes [START, END) of the file.
job="{ head -c {1} $(printf %q "$file"); echo; tail -c +\$(({2} + 1)) $(printf %q "$file") \
| head -c \$(({3} - {2})); } | $(printf %q "$thomas") batch - --first-row {4} --first-line {5} \
\$([ {#} -eq 1 ] || echo --no-output-header)"
for option in "$@"; do
  job+=" $(printf %q "$option")"
done

status=0
# shellcheck disable=SC2086  # PARALLEL_OPTIONS is a list of words
python3 "$here/csv_partitions.py" "$file" "${PARTITION_BYTES:-8388608}" |
  parallel -k --colsep ' ' --joblog "$log" ${PARALLEL_OPTIONS:-} "$job" || status=$?
# parallel's own status counts failed jobs; a job's 65 (some error rows) is not a failure.
awk -v parallel="$status" 'NR > 1 {
    code = $8 != 0 ? 128 + $8 : $7
    if (code == 65) { rows = 1 } else if (code != 0 && failed == "") { failed = code }
  }
  END {
    if (failed != "") { exit failed }
    if (rows) { exit 65 }
    exit (parallel > 100 ? parallel : 0)
  }' "$log"
