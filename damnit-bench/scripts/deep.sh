#!/usr/bin/env bash
# The deep form (repack --deep) on the end-to-end series made by gen-project.sh: for each file type (BAM,
# FASTQ.gz, VCF.gz), two repositories get the type's files of v1..v5 committed version by version; one
# stays plain, the other is repacked deep (and gc'd) after each commit. Prints, per version, the store's
# bytes of each, the time of the deep pass, and at the end the restore time of the last version from
# each and an md5sum check of every restored file against the series.
# usage: [TYPES="bam vcf"] deep.sh SERIES_DIR WORK_DIR   (SERIES_DIR holds v1 .. v5; WORK_DIR is emptied)
set -euo pipefail
series=$(cd "$1" && pwd); work=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
damnit="$here/bin/damnit"
rm -rf "$work"; mkdir -p "$work"
bytes() { du -sb "$1/.damnit/store/objects" | cut -f1; }
now() { date +%s.%N; }
printf '%-6s %-3s %12s %12s %10s %8s %8s %8s\n' type ver plain deep ratio deep_s members rawFalls
for type in ${TYPES:-bam fastq vcf}; do
  case $type in bam) pat='*.bam' ;; fastq) pat='*.fastq.gz' ;; vcf) pat='*.vcf.gz' ;; esac
  plain="$work/$type-plain"; deep="$work/$type-deep"
  mkdir -p "$plain" "$deep"
  "$damnit" -C "$plain" init >/dev/null; "$damnit" -C "$deep" init >/dev/null
  for v in "$series"/v*; do
    for t in "$plain" "$deep"; do
      rsync -a --delete --exclude=.damnit --include='*/' --include="$pat" --exclude='*' "$v/" "$t/"
      "$damnit" -C "$t" commit -q -m "$(basename "$v")" || true
    done
    s=$(now)
    out=$("$damnit" -C "$deep" repack --deep --json)
    "$damnit" -C "$deep" gc -q --grace 0
    e=$(now)
    members=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["members"])')
    falls=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rawFallbacks"])')
    p=$(bytes "$plain"); d=$(bytes "$deep")
    printf '%-6s %-3s %12d %12d %10.3f %8.1f %8d %8d\n' "$type" "$(basename "$v")" "$p" "$d" \
      "$(echo "$d / $p" | bc -l)" "$(echo "$e - $s" | bc -l)" "$members" "$falls"
  done
  for t in "$plain" "$deep"; do
    s=$(now); "$damnit" -C "$t" restore -q --to "$work/$(basename "$t")-restored"; e=$(now)
    (cd "$work/$(basename "$t")-restored" && find . -type f -print0 | sort -z | xargs -0 md5sum) > "$work/md5.restored"
    (cd "$t" && find . -path ./.damnit -prune -o -type f -print0 | sort -z | xargs -0 md5sum) > "$work/md5.series"
    cmp -s "$work/md5.restored" "$work/md5.series" && ok=exact || ok=DIFFERENT
    printf '%-6s restore %-6s %8.1f s  md5sum %s (%d files)\n' "$type" "$(basename "$t" | cut -d- -f2)" \
      "$(echo "$e - $s" | bc -l)" "$ok" "$(wc -l < "$work/md5.series")"
  done
done
