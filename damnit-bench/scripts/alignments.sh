#!/usr/bin/env bash
# The BAM record codec (and the SAM codec) against CRAM 3.1 (default and archive profiles, with the
# reference), xz -6 and zstd -19 on the same content, in one run; prints a Markdown table.
# Every BAM is measured by its decompressed content (what the deep form's container stores); a SAM as it is.
# Needs samtools, xz, zstd and a built damnit-bench/target/damnit-bench.jar.
# Usage: alignments.sh WORKDIR REF.fa FILE.bam|FILE.sam...   (GENERIC=0: without the xz and zstd rows)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/damnit-bench.jar"
w="${1:?usage: alignments.sh WORKDIR REF.fa FILE...}"; ref="$(realpath "$2")"; shift 2
mkdir -p "$w"
files=(); for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$w"
secs() { local t0 t1; t0=$(date +%s.%N); bash -c "$1"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
echo "| file | content MB | method | bytes | × CRAM 3.1 | encode s | decode s |"
echo "|---|---:|---|---:|---:|---:|---:|"
for f in "${files[@]}"; do
  b=$(basename "$f")
  if [[ $f == *.bam ]]; then gzip -dc < "$f" > "$b.content"; else cp "$f" "$b.content"; fi
  size=$(stat -c %s "$b.content")
  mb=$(echo "scale=1; $size / 1000000" | bc)
  e=$(secs "samtools view -C --output-fmt-option version=3.1 -T $ref -o $b.cram $f 2>/dev/null")
  d=$(secs "samtools view -u -T $ref -o /dev/null $b.cram")
  cram=$(stat -c %s "$b.cram")
  echo "| $b | $mb | CRAM 3.1 | $cram | 1.000 | $e | $d |"
  e=$(secs "samtools view -C --output-fmt-option version=3.1 --output-fmt-option archive -T $ref -o $b.a.cram $f 2>/dev/null")
  d=$(secs "samtools view -u -T $ref -o /dev/null $b.a.cram")
  n=$(stat -c %s "$b.a.cram"); echo "| | | CRAM 3.1 archive | $n | $(echo "scale=3; $n / $cram" | bc) | $e | $d |"
  if [[ ${GENERIC:-1} != 0 ]]; then
    e=$(secs "xz -6 -T1 -c $b.content > $b.xz"); d=$(secs "xz -dc $b.xz > /dev/null")
    n=$(stat -c %s "$b.xz"); echo "| | | xz -6 | $n | $(echo "scale=3; $n / $cram" | bc) | $e | $d |"
    e=$(secs "zstd -q -19 -T1 -c $b.content > $b.zst"); d=$(secs "zstd -q -dc $b.zst > /dev/null")
    n=$(stat -c %s "$b.zst"); echo "| | | zstd -19 | $n | $(echo "scale=3; $n / $cram" | bc) | $e | $d |"
  fi
  rm -rf "repos-$b"; mkdir -p "repos-$b"
  java -Xmx2g -cp "$jar" org.damnit.bench.AlignmentStore "repos-$b" "$ref" "$f" | while IFS=$'\t' read -r _ mode _ stored c r; do
    echo "| | | DAMNIT ($mode; commit, restore) | $stored | $(echo "scale=3; $stored / $cram" | bc) | $(printf %.2f "$c") | $(printf %.2f "$r") |"
  done
  rm -rf "repos-$b" "$b.xz" "$b.zst"
done
