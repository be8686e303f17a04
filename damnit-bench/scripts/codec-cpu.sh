#!/usr/bin/env bash
# The FASTQ and table content codecs beside CRAM 3.1 (samtools), zstd -19 and xz -6 on the same files,
# in one run, in CPU seconds (user + sys of each tool, the thread's CPU time for the codecs), so that the
# ratios hold on a loaded machine; the codecs also decode their chunks on every core (wall time).
# Usage: codec-cpu.sh FASTQ [TABLE...]   (needs samtools, zstd, xz and a built damnit-bench.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/damnit-bench.jar"
fq="${1:?usage: codec-cpu.sh FASTQ [TABLE...]}"; shift
w="$(mktemp -d)"; trap 'rm -rf "$w"' EXIT
. "$here/scripts/cpu-rows.sh"
echo "| file | method | bytes | encode MB/s (CPU) | decode MB/s (CPU) |"
echo "|---|---|---:|---:|---:|"
e=$(cpu samtools import -0 "$fq" -O cram,version=3.1 -o "$w/fq.cram")
d=$(cpu bash -c "samtools fastq '$w/fq.cram' > /dev/null")
v=$(cpu bash -c "samtools view '$w/fq.cram' > /dev/null")
row "$fq" "CRAM 3.1 (\`samtools import\`; decode \`samtools fastq\`)" "$(stat -c %s "$w/fq.cram")" "$e" "$d"
row "$fq" "CRAM 3.1 (decode \`samtools view\`)" "$(stat -c %s "$w/fq.cram")" "$e" "$v"
for f in "$fq" "$@"; do
  e=$(cpu bash -c "zstd -q -19 -T1 -c '$f' > '$w/z'"); d=$(cpu bash -c "zstd -q -d -c '$w/z' > /dev/null")
  row "$f" "zstd -19" "$(stat -c %s "$w/z")" "$e" "$d"
  e=$(cpu bash -c "xz -6 -T1 -c '$f' > '$w/x'"); d=$(cpu bash -c "xz -d -c '$w/x' > /dev/null")
  row "$f" "xz -6" "$(stat -c %s "$w/x")" "$e" "$d"
done
java -cp "$jar" org.damnit.bench.ContentCodecCpu fastq "$fq"
[[ $# -gt 0 ]] && java -cp "$jar" org.damnit.bench.ContentCodecCpu table "$@"
exit 0
