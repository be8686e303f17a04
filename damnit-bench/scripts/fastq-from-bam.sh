#!/usr/bin/env bash
# What the reads of a stored BAM add to a repository (FASTQ from BAM records, codec 12): v1/ref/genome.fa
# and v1/aln/S1.bam of the end-to-end series are committed with deepOnCommit, then v1/reads/S1_R1.fastq.gz
# and S1_R2.fastq.gz in a later commit (MODE=later), or all four in one commit (MODE=same). The baseline,
# in a second repository of the same run, is the reads through the FASTQ codec alone: MODE=later commits
# the reads without the BAM, MODE=same the reference and BAM alone (what the reads add is then the
# difference). Every store is measured after gc --grace 0 (twice: the gzip files' own chunks, stored
# before their content, are deleted). Then the reads are restored (md5sum compared) with the record cache
# the commit left, and again with .damnit/cache/fqbam deleted (built from the BAM's chunks), and from the
# baseline repository; CPU seconds (user, system) of each step.
#   [MODE=later|same] damnit-bench/scripts/fastq-from-bam.sh [DAMNIT] [WORKDIR] [SERIES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin=${1:-$here/bin/damnit}; W=${2:-/tmp/fastq-from-bam}; V=${3:-/tmp/ingest/versions}
mode=${MODE:-later}
R=$W/repo; B=$W/base
rm -rf "$W"; mkdir -p "$R/ref" "$R/aln" "$R/reads" "$B/reads" "$B/ref" "$B/aln"
deep() { sed -i 's/^{/{"deepOnCommit":true,/' "$1/.damnit/config"; }
store() { du -sb "$1/.damnit/store/objects" | cut -f1; }
gc() { "$bin" -C "$1" gc -q --grace 0 >/dev/null; "$bin" -C "$1" gc -q --grace 0 >/dev/null; }
t() { local out=$1; shift; /usr/bin/time -f "%U %S" -o "$out" "$@" >/dev/null; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$1"; }
for d in "$R" "$B"; do "$bin" -C "$d" init >/dev/null; deep "$d"; done
cp "$V/v1/ref/genome.fa" "$R/ref/"; cp "$V/v1/aln/S1.bam" "$R/aln/"
reads() { cp "$V/v1/reads/S1_R1.fastq.gz" "$V/v1/reads/S1_R2.fastq.gz" "$1/reads/"; }
case "$mode" in
  later)
    t "$W/t.bam" "$bin" -C "$R" commit -q -m "reference and BAM"; gc "$R"; b1=$(store "$R")
    reads "$R"; t "$W/t.reads" "$bin" -C "$R" commit -q -m "reads"; gc "$R"; b2=$(store "$R")
    reads "$B"; t "$W/t.base" "$bin" -C "$B" commit -q -m "reads alone"; gc "$B"
    added=$((b2 - b1)); base=$(store "$B") ;;
  same)
    reads "$R"; t "$W/t.reads" "$bin" -C "$R" commit -q -m "reference, BAM and reads"; gc "$R"
    cp "$V/v1/ref/genome.fa" "$B/ref/"; cp "$V/v1/aln/S1.bam" "$B/aln/"
    t "$W/t.bam" "$bin" -C "$B" commit -q -m "reference and BAM"; gc "$B"; b1=$(store "$B")
    added=$(( $(store "$R") - b1 ))
    rm -rf "$W/alone"; mkdir -p "$W/alone/reads"; "$bin" -C "$W/alone" init >/dev/null; deep "$W/alone"; reads "$W/alone"
    t "$W/t.base" "$bin" -C "$W/alone" commit -q -m "reads alone"; gc "$W/alone"; base=$(store "$W/alone"); B=$W/alone ;;
esac
want=$(cd "$V/v1/reads" && md5sum S1_R1.fastq.gz S1_R2.fastq.gz)
check() { [[ "$(cd "$1/reads" && md5sum S1_R1.fastq.gz S1_R2.fastq.gz)" == "$want" ]] || { echo "restore of $1 differs" >&2; exit 1; }; }
t "$W/t.warm" "$bin" -C "$R" restore -q --to "$W/out1" reads; check "$W/out1"
rm -rf "$R/.damnit/cache/fqbam"
t "$W/t.cold" "$bin" -C "$R" restore -q --to "$W/out2" reads; check "$W/out2"
t "$W/t.again" "$bin" -C "$R" restore -q --to "$W/out3" reads; check "$W/out3"
t "$W/t.fastq" "$bin" -C "$B" restore -q --to "$W/out4" reads; check "$W/out4"
n=$(( 2 * $(zcat "$V/v1/reads/S1_R1.fastq.gz" | wc -l) / 4 ))
echo "mode=$mode reads=$n reads_added=$added fastq_codec_alone=$base ratio=$(awk -v a="$added" -v b="$base" 'BEGIN{printf "%.4f", a/b}')" \
  "bytes_per_read=$(awk -v a="$added" -v n="$n" 'BEGIN{printf "%.2f", a/n}') fastq_bytes_per_read=$(awk -v a="$base" -v n="$n" 'BEGIN{printf "%.2f", a/n}')"
echo "cpu_s: reads_commit=$(cpu "$W/t.reads") fastq_alone_commit=$(cpu "$W/t.base")" \
  "restore_cached=$(cpu "$W/t.warm") restore_cache_rebuilt=$(cpu "$W/t.cold") restore_again=$(cpu "$W/t.again")" \
  "restore_fastq_codec=$(cpu "$W/t.fastq") md5=identical"
rm -rf "$W/out1" "$W/out2" "$W/out3" "$W/out4"
