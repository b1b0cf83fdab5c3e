#!/usr/bin/env bash
# make e2e: the browser suite as the shards listed in web/e2e/shards.txt, all
# at once. Each shard is a process of the compiled test binary with its own
# Chromium and its own server (free loopback ports, fresh profiles): the suite
# spends much of its time waiting on the browser, which two processes overlap.
#
# The shard check (TestShardsCoverEveryTest: every test in exactly one shard)
# runs first. Each shard's verbose log goes to .cache/e2e-shard-N.log; when
# every shard has ended, each prints one line (tests, verdict, seconds) and
# the whole log of every test that failed (a crash or a timeout: the log's
# end). .cache/e2e-times.txt gets every test's seconds as "SHARD TEST SECONDS"
# lines, the format of shards.txt, for rebalancing.
#
# Usage: web/e2e/shards.sh TEST_BINARY [test binary flags…]
set -u
bin=$(realpath "$1")
shift
cd "$(dirname "$0")"
logs=$(realpath ../../.cache)
mkdir -p "$logs"

if ! out=$("$bin" -test.run '^TestShardsCoverEveryTest$' "$@" 2>&1); then
	echo "$out"
	exit 1
fi

list() { sed 's/#.*//' shards.txt | awk -v s="$1" 'NF && (s == "" || $1 == s) {print (s == "" ? $1 : $2)}'; }
shards=$(list "" | sort -u)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; exit 130' INT TERM
for s in $shards; do
	rm -f "$logs/e2e-shard-$s.status"
	(
		start=$(date +%s)
		"$bin" -test.v -test.run "^($(list "$s" | paste -sd'|' -))\$" -test.timeout 30m "$@" > "$logs/e2e-shard-$s.log" 2>&1
		echo "$? $(( $(date +%s) - start ))" > "$logs/e2e-shard-$s.status"
	) &
	pids+=($!)
done
wait

status=0
: > "$logs/e2e-times.txt"
for s in $shards; do
	log="$logs/e2e-shard-$s.log"
	rc=1 secs=?
	[ -f "$logs/e2e-shard-$s.status" ] && read -r rc secs < "$logs/e2e-shard-$s.status"
	sed -nE "s/^--- (PASS|FAIL|SKIP): (Test[^ ]*) \(([0-9.]+)s\)$/$s \2 \3/p" "$log" >> "$logs/e2e-times.txt"
	failed=$(sed -nE 's/^--- FAIL: (Test[^ ]*) .*/\1/p' "$log" | paste -sd' ' -)
	if [ "$rc" = 0 ]; then
		echo "e2e shard $s: ok, $(list "$s" | wc -l) tests in $secs s (log: .cache/e2e-shard-$s.log)"
		continue
	fi
	status=1
	echo "e2e shard $s: FAILED (exit $rc) after $secs s: ${failed:-no test reported a failure}"
	if [ -n "$failed" ]; then
		# Each failed test's lines: from its "=== RUN" to the next top-level test's.
		awk -v failed=" $failed " '/^=== RUN   [^\/]+$/ {cur = $3} /^(PASS|FAIL)$/ {cur = ""} cur != "" && index(failed, " " cur " ") {print}' "$log"
	else
		tail -n 80 "$log"
	fi
done
exit $status
