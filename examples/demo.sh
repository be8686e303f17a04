#!/usr/bin/env bash
# A complete DAMNIT session on the embedded local store: make a small sequencing project, commit it,
# change it, commit again, look at the history, and restore the first version elsewhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
damnit="$here/bin/damnit"
work="${1:-$(mktemp -d)/demo-project}"
mkdir -p "$work" && cd "$work"
echo "== project in $work"

mkdir -p reads ref results
# 20,000 FASTQ records and a small reference
awk 'BEGIN{srand(42); split("ACGT",b,""); for(i=1;i<=20000;i++){s="";q="";for(j=0;j<100;j++){s=s b[int(rand()*4)+1];q=q "I"} printf "@read%d\n%s\n+\n%s\n",i,s,q}}' > reads/sample_A_R1.fastq
awk 'BEGIN{srand(7); split("ACGT",b,""); print ">chr1"; for(i=0;i<2000;i++){l="";for(j=0;j<60;j++)l=l b[int(rand()*4)+1]; print l}}' > ref/genome.fa
printf 'sample\tcondition\nA\tcontrol\n' > samples.tsv

"$damnit" init
"$damnit" commit -m "raw reads and reference"

echo "== second version: more samples, an edited sample sheet, a renamed copy of the reference"
awk 'BEGIN{srand(43); split("ACGT",b,""); for(i=1;i<=20000;i++){s="";q="";for(j=0;j<100;j++){s=s b[int(rand()*4)+1];q=q "I"} printf "@read%d\n%s\n+\n%s\n",i,s,q}}' > reads/sample_B_R1.fastq
printf 'sample\tcondition\nA\tcontrol\nB\ttreated\n' > samples.tsv
cp ref/genome.fa ref/genome-v1.fa
"$damnit" status
"$damnit" commit -m "sample B" --author "Demo User <demo@example.org>"

"$damnit" log --oneline
"$damnit" restore --rev HEAD~1 --to "$work-v1"
echo "== first version restored into $work-v1:"
(cd "$work-v1" && find . -type f | sort && md5sum samples.tsv)
"$damnit" verify --read-data
