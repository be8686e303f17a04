#!/usr/bin/env bash
# The deep form (repack --deep) on the end-to-end series made by gen-project.sh. For each file type, two
# repositories get the type's files of v1..v5 committed version by version (each version tagged); one
# stays plain, the other is repacked deep (and gc'd) after each commit. Then every version of the deep
# repository is restored and md5sum-checked against the series, and the last version is restored from
# both with the time taken. restic 0.14 backs up the whole of each version in the same run.
# Prints a table and writes it to WORK_DIR/deep.tsv.
# usage: [TYPES="bam fastq vcf depth expr sam other"|all] [DAMNIT=path/to/bin/damnit] deep.sh SERIES_DIR WORK_DIR
#        (SERIES_DIR holds v1 .. v5; WORK_DIR is emptied; RESTIC=0 skips restic; DEEP_ON_COMMIT=1 sets
#        deepOnCommit in the deep repository, so that its commits make the deep form before the repack)
set -euo pipefail
series=$(cd "$1" && pwd); work=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
damnit="${DAMNIT:-$here/bin/damnit}"
rm -rf "$work"; mkdir -p "$work"
tsv="$work/deep.tsv"
# bytes of the files under a directory (du -sb would count directories too, which gc leaves empty)
bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
now() { date +%s.%N; }
sub() { echo "$1 - $2" | bc -l; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d[\"$1\"])"; }
filters() { # rsync filters selecting one type's files
  case $1 in
    bam) echo "--include=*/ --include=*.bam --exclude=*" ;;
    fastq) echo "--include=*/ --include=*.fastq.gz --exclude=*" ;;
    vcf) echo "--include=*/ --include=*.vcf.gz --exclude=*" ;;
    depth) echo "--include=*/ --include=*.depth.tsv --exclude=*" ;;
    expr) echo "--include=*/ --include=expression*.tsv --exclude=*" ;;
    sam) echo "--include=*/ --include=*.sam --exclude=*" ;;
    all) echo "" ;;   # the whole version in one repository, so that its files can share what they hold
    other) echo "--exclude=*.bam --exclude=*.fastq.gz --exclude=*.vcf.gz --exclude=*.depth.tsv --exclude=expression*.tsv --exclude=*.sam" ;;
  esac
}
printf 'type\tversion\tplain_bytes\tdeep_bytes\tdeep_over_plain\tcommit_s\tdeep_pass_s\tgc_s\tmembers\trecreated\traw_fallbacks\trecoded\n' > "$tsv"
for type in ${TYPES:-bam fastq vcf depth expr sam other}; do
  plain="$work/$type-plain"; deep="$work/$type-deep"
  mkdir -p "$plain" "$deep"
  "$damnit" -C "$plain" init >/dev/null; "$damnit" -C "$deep" init >/dev/null
  if [[ ${DEEP_ON_COMMIT:-0} != 0 ]]; then   # the deep repository's commits make the deep form themselves
    python3 -c "import json,sys; p=sys.argv[1]; c=json.load(open(p)); c['deepOnCommit']=True; json.dump(c, open(p,'w'), indent=2)" "$deep/.damnit/config"
  fi
  # shellcheck disable=SC2046
  for v in "$series"/v*; do
    ver=$(basename "$v")
    for t in "$plain" "$deep"; do
      rsync -a --delete --exclude=/.damnit $(filters "$type") "$v/" "$t/"
      s=$(now); "$damnit" -C "$t" commit -q -m "$ver" || true; e=$(now)
      "$damnit" -C "$t" tag "$ver" >/dev/null
      [[ $t == "$plain" ]] && commit_s=$(sub "$e" "$s")
    done
    s=$(now); out=$("$damnit" -C "$deep" repack --deep --json); m=$(now)
    "$damnit" -C "$deep" gc -q --grace 0; e=$(now)
    p=$(bytes "$plain/.damnit/store/objects"); d=$(bytes "$deep/.damnit/store/objects")
    printf '%s\t%s\t%d\t%d\t%.3f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%s\n' "$type" "$ver" "$p" "$d" "$(echo "$d / $p" | bc -l)" \
      "$commit_s" "$(sub "$m" "$s")" "$(sub "$e" "$m")" "$(echo "$out" | json members)" "$(echo "$out" | json recreated)" \
      "$(echo "$out" | json rawFallbacks)" "$(echo "$out" | json recoded)" | tee -a "$tsv"
  done
  # every version of the deep form, byte for byte (md5sum), and the last one's restore time from both
  for v in "$series"/v*; do
    ver=$(basename "$v"); to="$work/$type-deep-$ver"
    "$damnit" -C "$deep" restore -q --rev "$ver" --to "$to"
    rm -rf "$work/want"; rsync -a $(filters "$type") "$v/" "$work/want/"   # (--delete spares excluded files)
    (cd "$to" && find . -type f -print0 | sort -z | xargs -0 -r md5sum) > "$work/md5.restored"
    (cd "$work/want" && find . -type f -print0 | sort -z | xargs -0 -r md5sum) > "$work/md5.series"
    cmp -s "$work/md5.restored" "$work/md5.series" && ok=exact || ok=DIFFERENT
    printf 'md5\t%s\t%s\t%s\t%d files\n' "$type" "$ver" "$ok" "$(wc -l < "$work/md5.series")" | tee -a "$tsv"
    rm -rf "$to" "$work/want"
  done
  for t in "$plain" "$deep"; do
    to="$work/$(basename "$t")-restored"
    s=$(now); "$damnit" -C "$t" restore -q --rev v5 --to "$to"; e=$(now)
    printf 'restore\t%s\t%s\t%.2f s\n' "$type" "$(basename "$t" | cut -d- -f2)" "$(sub "$e" "$s")" | tee -a "$tsv"
    rm -rf "$to"
  done
done
if [[ "${RESTIC:-1}" != 0 ]] && command -v restic >/dev/null; then
  export RESTIC_PASSWORD=bench RESTIC_REPOSITORY="$work/restic"
  restic init -q >/dev/null
  for v in "$series"/v*; do
    rsync -a --delete "$v/" "$work/restic-src/"
    s=$(now); restic backup -q "$work/restic-src" >/dev/null; e=$(now)
    printf 'restic\t%s\t%d\t%.1f s\n' "$(basename "$v")" "$(bytes "$work/restic")" "$(sub "$e" "$s")" | tee -a "$tsv"
  done
  rm -rf "$work/restic-src"
fi
