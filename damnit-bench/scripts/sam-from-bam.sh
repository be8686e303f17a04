#!/usr/bin/env bash
# What a SAM exported from a stored BAM adds to a repository: v1/ref/genome.fa and v2/aln/S2.bam of the
# end-to-end series are committed with deepOnCommit, then v5/export/S2.chr1.sam (samtools view -h S2.bam
# chr1); prints the store bytes the SAM's commit added, the CPU seconds (user, system) of both commits and
# of restoring the SAM (compared byte for byte). BASELINE=1 commits the BAM without deepOnCommit (no
# container, so the SAM has no BAM content to be coded against: the SAM codec, bases against the FASTA),
# then turns deepOnCommit on for the SAM's commit: what the SAM costs when the two share nothing.
# MODE=repack makes the deep form with `repack --deep` instead of deepOnCommit: the reference and BAM are
# committed, repacked deep and gc'd (--grace 0, twice), then the SAM likewise; sam_adds is the growth of
# the store by the SAM's commit, repack and gc, and second_repack_bytes what a second repack then stores.
# MODE=same commits the reference, the BAM and the SAM in one commit with deepOnCommit (a pipeline
# committing both outputs at once); sam_adds is the store then less the store of the same commit without
# the SAM, made in a second repository.
#   [BASELINE=1] [MODE=commit|repack|same] damnit-bench/scripts/sam-from-bam.sh [DAMNIT] [WORKDIR] [SERIES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin=${1:-$here/bin/damnit}; R=${2:-/tmp/sam-from-bam}; V=${3:-/tmp/ingest/versions}
mode=${MODE:-commit}
rm -rf "$R" "$R.restored" "$R.nosam"; mkdir -p "$R/ref" "$R/aln" "$R/export"
cp "$V/v1/ref/genome.fa" "$R/ref/"; cp "$V/v2/aln/S2.bam" "$R/aln/"
"$bin" -C "$R" init >/dev/null
deep() { sed -i 's/^{/{"deepOnCommit":true,/' "$1/.damnit/config"; }
store() { du -sb "$1/.damnit/store/objects" | cut -f1; }
# repack --deep, then gc twice at grace 0 (the first condemns what the repack superseded, the second deletes it)
repack() {
  /usr/bin/time -f "%U %S" -a -o "$2" "$bin" -C "$1" repack -q --deep >/dev/null
  "$bin" -C "$1" gc -q --grace 0 >/dev/null; "$bin" -C "$1" gc -q --grace 0 >/dev/null
}
second=
case "$mode" in
  commit)
    [[ "${BASELINE:-0}" == 1 ]] || deep "$R"
    /usr/bin/time -f "%U %S" -o "$R.t1" "$bin" -C "$R" commit -q -m "reference and BAM" >/dev/null
    b1=$(store "$R")
    cp "$V/v5/export/S2.chr1.sam" "$R/export/"
    [[ "${BASELINE:-0}" != 1 ]] || deep "$R"
    /usr/bin/time -f "%U %S" -o "$R.t2" "$bin" -C "$R" commit -q -m "SAM export" >/dev/null
    b2=$(store "$R") ;;
  repack)
    : >"$R.t1"; : >"$R.t2"
    /usr/bin/time -f "%U %S" -o "$R.t1" "$bin" -C "$R" commit -q -m "reference and BAM" >/dev/null
    repack "$R" "$R.t1"
    b1=$(store "$R")
    cp "$V/v5/export/S2.chr1.sam" "$R/export/"
    /usr/bin/time -f "%U %S" -o "$R.t2" "$bin" -C "$R" commit -q -m "SAM export" >/dev/null
    repack "$R" "$R.t2"
    b2=$(store "$R")
    "$bin" -C "$R" repack -q --deep >/dev/null
    second=" second_repack_bytes=$(($(store "$R") - b2))" ;;
  same)
    mkdir -p "$R.nosam"; cp -r "$R/ref" "$R/aln" "$R.nosam/"
    "$bin" -C "$R.nosam" init >/dev/null; deep "$R.nosam"
    /usr/bin/time -f "%U %S" -o "$R.t1" "$bin" -C "$R.nosam" commit -q -m "reference and BAM" >/dev/null
    b1=$(store "$R.nosam"); rm -rf "$R.nosam"
    cp "$V/v5/export/S2.chr1.sam" "$R/export/"; deep "$R"
    /usr/bin/time -f "%U %S" -o "$R.t2" "$bin" -C "$R" commit -q -m "reference, BAM and SAM export" >/dev/null
    b2=$(store "$R") ;;
  *) echo "MODE is commit, repack or same" >&2; exit 2 ;;
esac
/usr/bin/time -f "%U %S" -o "$R.t3" "$bin" -C "$R" restore -q --to "$R.restored" export/S2.chr1.sam
cmp "$R.restored/export/S2.chr1.sam" "$R/export/S2.chr1.sam"
echo "mode=$mode baseline=${BASELINE:-0} sam_bytes=$(stat -c %s "$R/export/S2.chr1.sam") store_after_bam=$b1" \
  "sam_adds=$((b2 - b1))$second bam_cpu=\"$(tr '\n' ' ' <"$R.t1")\" sam_cpu=\"$(tr '\n' ' ' <"$R.t2")\"" \
  "sam_restore_cpu=\"$(cat "$R.t3")\" identical=yes"
rm -rf "$R.restored" "$R.t1" "$R.t2" "$R.t3"
