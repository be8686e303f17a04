#!/usr/bin/env bash
# The FASTQ and SAM content codecs against CRAM 3.1 (default and archive profiles, with and without the
# reference), xz -6 and zstd -19 on the same files, in one run; prints a Markdown table.
# Data: reads simulated by art_illumina (HiSeq 2500, 2x150, 10x) over a random 2 Mbp genome, aligned by
# bwa mem and sorted by samtools, as gen-project.sh makes them. Needs art_illumina, bwa, samtools, xz,
# zstd, python3 and a built damnit-bench/target/damnit-bench.jar.
# Usage: read-codecs.sh WORKDIR
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/damnit-bench.jar"
w="${1:?usage: read-codecs.sh WORKDIR}"
mkdir -p "$w" && cd "$w"
if [[ ! -f S1.sam ]]; then
  python3 - <<'PY'
import random
r = random.Random(11)
with open("genome.fa", "w") as f:
    for c in range(2):
        f.write(f">chr{c+1}\n")
        seq = "".join(r.choices("ACGT", k=1_000_000))
        for i in range(0, len(seq), 60):
            f.write(seq[i:i+60] + "\n")
PY
  samtools faidx genome.fa && bwa index genome.fa 2>/dev/null
  art_illumina -ss HS25 -i genome.fa -p -l 150 -f 10 -m 300 -s 30 -rs 101 -na -q -o S1_ >/dev/null
  bwa mem -t 2 -R "@RG\tID:S1\tSM:S1" genome.fa S1_1.fq S1_2.fq 2>/dev/null | samtools sort -o S1.bam - 2>/dev/null
  samtools view -h S1.bam > S1.sam
fi
out=results.tsv
: > "$out"
# one line per (file, method): bytes, encode seconds, decode seconds (wall, one thread)
measure() { # file method encode-command decode-command output
  local f=$1 m=$2 enc=$3 dec=$4 o=$5 t0 t1 t2
  t0=$(date +%s.%N); bash -c "$enc"; t1=$(date +%s.%N); bash -c "$dec"; t2=$(date +%s.%N)
  printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$m" "$(stat -c %s "$o")" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" >> "$out"
}
for f in S1_1.fq S1.sam; do
  measure "$f" "xz -6" "xz -6 -T1 -k -c $f > $f.xz" "xz -d -c $f.xz > /dev/null" "$f.xz"
  measure "$f" "zstd -19" "zstd -q -19 -T1 -c $f > $f.zst" "zstd -q -d -c $f.zst > /dev/null" "$f.zst"
done
measure S1_1.fq "CRAM 3.1" "samtools import -0 S1_1.fq -O cram,version=3.1 -o fq.cram 2>/dev/null" \
  "samtools fastq fq.cram > /dev/null 2>&1" fq.cram
measure S1_1.fq "CRAM 3.1 archive" "samtools import -0 S1_1.fq -O cram,version=3.1,archive -o fq.a.cram 2>/dev/null" \
  "samtools fastq fq.a.cram > /dev/null 2>&1" fq.a.cram
for ref in ref noref; do
  opt="-T genome.fa"; [[ $ref == noref ]] && opt="--output-fmt-option no_ref=1"
  measure S1.sam "CRAM 3.1 ($ref)" "samtools view -C --output-fmt-option version=3.1 $opt -o sam.$ref.cram S1.sam" \
    "samtools view -h -T genome.fa -o /dev/null sam.$ref.cram" "sam.$ref.cram"
  measure S1.sam "CRAM 3.1 archive ($ref)" \
    "samtools view -C --output-fmt-option version=3.1 --output-fmt-option archive $opt -o sam.a.$ref.cram S1.sam" \
    "samtools view -h -T genome.fa -o /dev/null sam.a.$ref.cram" "sam.a.$ref.cram"
done
for c in fastq:S1_1.fq sam:S1.sam; do
  java -jar "$jar" ReadCodecsBench -w 5s -r 5s -p codec="${c%%:*}" -p file="$w/${c#*:}" -rf json -rff "jmh-${c%%:*}.json" \
    2> "jmh-${c%%:*}.err" > "jmh-${c%%:*}.out"
done
python3 - "$out" <<'PY'
import json, re, sys, os
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
for codec, f in (("fastq", "S1_1.fq"), ("sam", "S1.sam")):
    stored = int(re.search(r"-> (\d+) stored", open(f"jmh-{codec}.err").read()).group(1))
    ms = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(f"jmh-{codec}.json"))}
    rows.append([f, f"DAMNIT {codec} codec", str(stored), str(ms["encodeAndCheck"] / 1000), str(ms["decode"] / 1000)])
print("| file | method | bytes | of the file | encode MB/s | decode MB/s |")
print("|---|---|---|---|---|---|")
for f, m, b, e, d in rows:
    size = min(os.path.getsize(f), 64 << 20) if m.startswith("DAMNIT") else os.path.getsize(f)
    print(f"| {f} ({os.path.getsize(f)/1e6:.1f} MB) | {m} | {int(b):,} | {int(b)/size:.3f} | {size/1e6/float(e):.1f} | {size/1e6/float(d):.1f} |")
PY
