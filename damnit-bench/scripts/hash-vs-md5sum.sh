#!/usr/bin/env bash
# SHA-256 + MD5 of the same bytes, on two threads as a commit computes them (JMH HashBench), against
# `md5sum` and `sha256sum` alone on a 1 GiB file in the page cache, measured in the same run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/damnit-bench/target/damnit-bench.jar"
(cd "$root" && mvn -q -B -DskipTests -pl damnit-bench -am package >&2)
f="$(mktemp -d)/data.bin"
head -c 1G /dev/urandom > "$f"
cat "$f" > /dev/null
best() { local b=999; for _ in 1 2 3; do s=$(date +%s.%N); "$@" "$f" >/dev/null; e=$(date +%s.%N); b=$(echo "if ($e-$s < $b) $e-$s else $b" | bc -l); done; echo "$b"; }
md5=$(best md5sum); sha=$(best sha256sum)
rm -rf "$(dirname "$f")"
java -jar "$jar" HashBench -wi 2 -w 2 -i 5 -r 2 -f 1 -rf json -rff /tmp/hashbench.json >/dev/null
python3 - "$md5" "$sha" <<'PY'
import json, sys
md5sum = 1024 / float(sys.argv[1]); sha256sum = 1024 / float(sys.argv[2])
res = {r["benchmark"].split(".")[-1]: r["primaryMetric"]["score"] * 64 for r in json.load(open("/tmp/hashbench.json"))}
print(f"md5sum             {md5sum:8.0f} MiB/s")
print(f"sha256sum          {sha256sum:8.0f} MiB/s")
for k in ("md5", "sha256", "bothOneThread", "bothTwoThreads"):
    print(f"JMH {k:15s}{res[k]:8.0f} MiB/s  = {res[k]/md5sum:.2f} x md5sum")
PY
