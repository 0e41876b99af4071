#!/bin/sh
# Run one libFuzzer target for a bounded time on the checked-in seeds.
#
#   run-fuzzer.sh FUZZER SEEDS WORKDIR [libFuzzer options...]
#
# New inputs go to WORKDIR/corpus, crashes to WORKDIR/artifacts; SEEDS is
# only read. HVABI_FUZZ_SECONDS (default 60) bounds the run; the exit
# status is the fuzzer's: 0 when it found nothing, 1 when it found a crash,
# a leak or a timeout. libFuzzer's own default for those is 77, which meson
# reads as "skipped": a found bug must not pass as a skip.
set -eu

fuzzer=$1
seeds=$2
work=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts"
exec "$fuzzer" -max_total_time="${HVABI_FUZZ_SECONDS:-60}" -rss_limit_mb=2048 -timeout=20 \
	-error_exitcode=1 -timeout_exitcode=1 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" \
	"$work/corpus" "$seeds"
