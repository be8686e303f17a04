#!/usr/bin/env bash
# What a SAM exported from a stored BAM adds to a repository: v1/ref/genome.fa and v2/aln/S2.bam of the
# end-to-end series are committed with deepOnCommit, then v5/export/S2.chr1.sam (samtools view -h S2.bam
# chr1); prints the store bytes the SAM's commit added, the CPU seconds (user, system) of both commits and
# of restoring the SAM (compared byte for byte). BASELINE=1 commits the BAM without deepOnCommit (no
# container, so the SAM has no BAM content to be coded against: the SAM codec, bases against the FASTA),
# then turns deepOnCommit on for the SAM's commit: what the SAM costs when the two share nothing.
#   [BASELINE=1] damnit-bench/scripts/sam-from-bam.sh [DAMNIT] [WORKDIR] [SERIES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin=${1:-$here/bin/damnit}; R=${2:-/tmp/sam-from-bam}; V=${3:-/tmp/ingest/versions}
rm -rf "$R" "$R.restored"; mkdir -p "$R/ref" "$R/aln" "$R/export"
cp "$V/v1/ref/genome.fa" "$R/ref/"; cp "$V/v2/aln/S2.bam" "$R/aln/"
"$bin" -C "$R" init >/dev/null
[[ "${BASELINE:-0}" == 1 ]] || sed -i 's/^{/{"deepOnCommit":true,/' "$R/.damnit/config"
store() { du -sb "$R/.damnit/store/objects" | cut -f1; }
/usr/bin/time -f "%U %S" -o "$R.t1" "$bin" -C "$R" commit -q -m "reference and BAM" >/dev/null
b1=$(store)
cp "$V/v5/export/S2.chr1.sam" "$R/export/"
[[ "${BASELINE:-0}" != 1 ]] || sed -i 's/^{/{"deepOnCommit":true,/' "$R/.damnit/config"
/usr/bin/time -f "%U %S" -o "$R.t2" "$bin" -C "$R" commit -q -m "SAM export" >/dev/null
b2=$(store)
/usr/bin/time -f "%U %S" -o "$R.t3" "$bin" -C "$R" restore -q --to "$R.restored" export/S2.chr1.sam
cmp "$R.restored/export/S2.chr1.sam" "$R/export/S2.chr1.sam"
echo "baseline=${BASELINE:-0} sam_bytes=$(stat -c %s "$R/export/S2.chr1.sam") store_after_bam=$b1 sam_adds=$((b2 - b1))" \
  "bam_commit_cpu=\"$(cat "$R.t1")\" sam_commit_cpu=\"$(cat "$R.t2")\" sam_restore_cpu=\"$(cat "$R.t3")\" identical=yes"
rm -rf "$R.restored" "$R.t1" "$R.t2" "$R.t3"
