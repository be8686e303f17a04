#!/usr/bin/env bash
# Generates three versions of a small but realistic sequencing project, each a full directory under OUT:
#   OUT/v1  reference FASTA (+.fai, bwa index), paired reads simulated by ART (gzip'd FASTQ), a sorted
#           BAM from bwa mem + samtools (+.bai), variants from bcftools (VCF.gz + .tbi), a large TSV,
#           a binary instrument file
#   OUT/v2  v1 plus: more reads appended to the R1 FASTQ as a second gzip member, 40 scattered line
#           edits in the TSV, a 100-byte insertion near the start of the binary, a renamed copy of the
#           TSV, a second sample (reads, BAM)
#   OUT/v3  v2 plus: variants re-called with other parameters, another TSV edit, the binary moved
# Needs Debian's art-nextgen-simulation-tools, bwa, samtools, bcftools, tabix, python3.
# Usage: gen-project.sh OUT [GENOME_MBP] [COVERAGE]
set -euo pipefail
need=()
for t in art_illumina:art-nextgen-simulation-tools bwa:bwa samtools:samtools bcftools:bcftools tabix:tabix; do
  command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
done
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  apt-get update -q >&2 && apt-get install -y -q "${need[@]}" >&2
fi
out="${1:?usage: gen-project.sh OUT [GENOME_MBP] [COVERAGE]}"
mbp="${2:-4}"
cov="${3:-20}"
rm -rf "$out" && mkdir -p "$out/v1" && cd "$out/v1"
mkdir -p ref reads aln calls results raw

python3 - "$mbp" <<'PY'
import random, sys
r = random.Random(11)
n = int(float(sys.argv[1]) * 1_000_000)
with open("ref/genome.fa", "w") as f:
    for c in range(2):
        f.write(f">chr{c+1}\n")
        seq = "".join(r.choices("ACGT", k=n // 2))
        for i in range(0, len(seq), 60):
            f.write(seq[i:i+60] + "\n")
PY
samtools faidx ref/genome.fa
bwa index ref/genome.fa 2>/dev/null

sim() { # sample seed coverage
  art_illumina -ss HS25 -i ref/genome.fa -p -l 150 -f "$3" -m 300 -s 30 -rs "$2" -na -q -o "reads/$1_" >/dev/null
  gzip -6 -n -c "reads/$1_1.fq" > "reads/$1_R1.fastq.gz"
  gzip -6 -n -c "reads/$1_2.fq" > "reads/$1_R2.fastq.gz"
}
align() { # sample
  bwa mem -t 2 -R "@RG\tID:$1\tSM:$1" ref/genome.fa "reads/$1_1.fq" "reads/$1_2.fq" 2>/dev/null \
    | samtools sort -@2 -o "aln/$1.bam" - 2>/dev/null
  samtools index "aln/$1.bam"
}
sim S1 101 "$cov"
align S1
bcftools mpileup -f ref/genome.fa aln/S1.bam 2>/dev/null | bcftools call -mv -Oz -o calls/cohort.vcf.gz 2>/dev/null
tabix -p vcf calls/cohort.vcf.gz

python3 - <<'PY'
import random
r = random.Random(5)
with open("results/expression.tsv", "w") as f:
    f.write("gene\tsample\tcount\ttpm\tnote\n")
    n = 0; i = 0
    while n < 90_000_000:
        line = f"ENSG{i:011d}\tS{r.randint(1,96)}\t{r.randint(0,100000)}\t{r.random()*1000:.4f}\t{r.choice(['ok','low','high','flag'])}\n"
        f.write(line); n += len(line); i += 1
PY
head -c 256M /dev/urandom > raw/run001.bin

# ---- v2
cp -a "$out/v1" "$out/v2" && cd "$out/v2"
art_illumina -ss HS25 -i ref/genome.fa -p -l 150 -f 3 -m 300 -s 30 -rs 202 -na -q -o reads/extra_ >/dev/null
gzip -6 -n -c reads/extra_1.fq >> reads/S1_R1.fastq.gz   # a second gzip member
rm -f reads/extra_*
python3 - <<'PY'
import random
r = random.Random(9)
p = "results/expression.tsv"
lines = open(p, "rb").read().split(b"\n")
n = len(lines)
for k in range(40):
    i = 1 + int((k + 0.5) * (n - 2) / 40)
    parts = lines[i].split(b"\t"); parts[2] = str(r.randint(0, 100000)).encode(); lines[i] = b"\t".join(parts)
open(p, "wb").write(b"\n".join(lines))
PY
cp results/expression.tsv results/expression-final.tsv
python3 - <<'PY'
import os
p = "raw/run001.bin"
data = open(p, "rb").read()
open(p, "wb").write(data[:4096] + os.urandom(100) + data[4096:])
PY
sim S2 202 "$cov"
align S2

# ---- v3
cp -a "$out/v2" "$out/v3" && cd "$out/v3"
bcftools mpileup -f ref/genome.fa aln/S1.bam aln/S2.bam 2>/dev/null | bcftools call -mv -Oz -o calls/cohort.vcf.gz 2>/dev/null
rm -f calls/cohort.vcf.gz.tbi && tabix -p vcf calls/cohort.vcf.gz
python3 - <<'PY'
p = "results/expression-final.tsv"
lines = open(p, "rb").read().split(b"\n")
lines[len(lines) // 3] = lines[len(lines) // 3].replace(b"\tok", b"\tflag")
open(p, "wb").write(b"\n".join(lines))
PY
mkdir -p archive && mv raw/run001.bin archive/run001.bin

# the intermediate plain FASTQs are not part of the project
for v in v1 v2 v3; do rm -f "$out/$v"/reads/*.fq; done
du -sh "$out"/v*
