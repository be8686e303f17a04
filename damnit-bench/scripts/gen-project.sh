#!/usr/bin/env bash
# Generates five versions of a small but realistic sequencing project, each a full directory under OUT:
#   OUT/v1  reference FASTA (+.fai, bwa index), paired reads simulated by ART (gzip'd FASTQ), a sorted
#           BAM from bwa mem + samtools (+.bai), variants from bcftools (VCF.gz + .tbi), the per-base
#           depth table of the BAM, a large TSV, a binary instrument file
#   OUT/v2  v1 plus: more reads appended to the R1 FASTQ as a second gzip member, 40 scattered line
#           edits in the TSV, a 100-byte insertion near the start of the binary, a renamed copy of the
#           TSV, a second sample (reads, BAM)
#   OUT/v3  v2 plus: variants re-called over both samples, another TSV edit, the binary moved
#   OUT/v4  a pipeline re-run, outputs regenerated wholesale: S1 re-aligned with its top-up reads and
#           fuller read groups (BAM + index), its depth table recomputed (almost every line changes),
#           the cohort VCF.gz re-called; a third sample (reads, BAM)
#   OUT/v5  an uncompressed SAM exported from a stored BAM, per-sample calls merged into one
#           multi-sample VCF.gz, a top-up gzip member appended to S2's R1 FASTQ.gz, the original TSV deleted
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
gz=(gzip -6 -n); command -v pigz >/dev/null && gz=(pigz -6 -n)   # the same format, on every core
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
  "${gz[@]}" -c "reads/$1_1.fq" > "reads/$1_R1.fastq.gz"
  "${gz[@]}" -c "reads/$1_2.fq" > "reads/$1_R2.fastq.gz"
}
align() { # sample
  bwa mem -t 2 -R "@RG\tID:$1\tSM:$1" ref/genome.fa "reads/$1_1.fq" "reads/$1_2.fq" 2>/dev/null \
    | samtools sort -@2 -o "aln/$1.bam" - 2>/dev/null
  samtools index "aln/$1.bam"
}
depth() { # sample: per-base depth over the whole reference, as a pipeline's QC step writes it
  samtools depth -a "aln/$1.bam" > "results/$1.depth.tsv"
}
sim S1 101 "$cov"
align S1
bcftools mpileup -f ref/genome.fa aln/S1.bam 2>/dev/null | bcftools call -mv -Oz -o calls/cohort.vcf.gz 2>/dev/null
tabix -p vcf calls/cohort.vcf.gz
depth S1

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
"${gz[@]}" -c reads/extra_1.fq >> reads/S1_R1.fastq.gz   # a second gzip member
mkdir -p "$out/topup" && mv reads/extra_1.fq reads/extra_2.fq "$out/topup/"   # kept for the re-alignment in v4
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

# ---- v4: the pipeline re-run
cp -a "$out/v3" "$out/v4" && cd "$out/v4"
# (the plain FASTQs of every sample are kept until the end, for re-alignments like this one)
cat "$out/topup/extra_1.fq" >> reads/S1_1.fq && cat "$out/topup/extra_2.fq" >> reads/S1_2.fq
bwa mem -t 2 -R "@RG\tID:S1.L001\tSM:S1\tLB:S1-lib1\tPL:ILLUMINA\tPU:FC1.L001" ref/genome.fa reads/S1_1.fq reads/S1_2.fq 2>/dev/null \
  | samtools sort -@2 -o aln/S1.bam - 2>/dev/null
samtools index aln/S1.bam
depth S1
bcftools mpileup -f ref/genome.fa aln/S1.bam aln/S2.bam 2>/dev/null | bcftools call -mv -Oz -o calls/cohort.vcf.gz 2>/dev/null
rm -f calls/cohort.vcf.gz.tbi && tabix -p vcf calls/cohort.vcf.gz
sim S3 303 "$cov"
align S3

# ---- v5: an export, a merge, a top-up, a deletion
cp -a "$out/v4" "$out/v5" && cd "$out/v5"
mkdir -p export && samtools view -h aln/S2.bam chr1 > export/S2.chr1.sam
for s in S1 S2 S3; do
  bcftools mpileup -f ref/genome.fa "aln/$s.bam" 2>/dev/null | bcftools call -mv -Oz -o "calls/$s.vcf.gz" 2>/dev/null
  tabix -p vcf "calls/$s.vcf.gz"
done
bcftools merge -Oz -o calls/merged.vcf.gz calls/S1.vcf.gz calls/S2.vcf.gz calls/S3.vcf.gz 2>/dev/null
tabix -p vcf calls/merged.vcf.gz
art_illumina -ss HS25 -i ref/genome.fa -p -l 150 -f 2 -m 300 -s 30 -rs 404 -na -q -o reads/extra_ >/dev/null
"${gz[@]}" -c reads/extra_1.fq >> reads/S2_R1.fastq.gz
rm -f reads/extra_* results/expression.tsv
rm -rf "$out/topup"

# the intermediate plain FASTQs are not part of the project
for v in v1 v2 v3 v4 v5; do rm -f "$out/$v"/reads/*.fq; done
du -sh "$out"/v*
