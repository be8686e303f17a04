#!/usr/bin/env bash
# End-to-end benchmark: DAMNIT, restic and borg ingest the same series of project versions, in the
# same run, on the same machine. Each version is mirrored (rsync -a --delete, so unchanged files keep
# their mtimes) into one working directory that every tool backs up in turn, each as a command
# (`damnit commit` through bin/damnit, `restic backup`, `borg create`), so JVM start-up counts like
# any process start. A second row, damnit-lib, commits the same version in-process
# (org.damnit.bench.EndToEnd, from its own mirror), as a pipeline that embeds the library sees it.
# Prints one row per tool and version: input bytes, bytes stored by that version, store size,
# ingest seconds and MB/s, restore seconds, peak memory (RSS; heap for damnit-lib), byte-identical.
# Usage: e2e.sh [VERSIONS_DIR] [WORK]   (VERSIONS_DIR defaults to a fresh gen-project.sh output)
set -euo pipefail
need=()
for t in restic:restic borg:borgbackup rsync:rsync bc:bc; do
  command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
done
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  apt-get update -q >&2 && apt-get install -y -q "${need[@]}" >&2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
versions="${1:-}"
work="${2:-/tmp/damnit-e2e/run}"
if [[ -z "$versions" ]]; then
  versions=/tmp/damnit-e2e/versions
  [[ -d "$versions/v3" ]] || "$here/gen-project.sh" "$versions" >&2
fi
jar="$root/damnit-bench/target/damnit-bench.jar"
(cd "$root" && mvn -q -B -DskipTests -pl damnit-bench,damnit-cli -am package >&2)   # in the reactor; nothing into ~/.m2
export RESTIC_PASSWORD=benchmark BORG_PASSPHRASE="" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
rm -rf "$work" && mkdir -p "$work"
tree="$work/project"; mkdir -p "$tree"
libtree="$work/project-lib"; mkdir -p "$libtree"
damnit="$root/bin/damnit"
export JAVA_OPTS="-Xmx256m"
"$damnit" init "$tree" >/dev/null
restic_repo="$work/restic"; borg_repo="$work/borg"
restic init --repo "$restic_repo" -q
borg init -e none "$borg_repo"

now() { date +%s.%N; }
size() { du -sb "$1" | cut -f1; }
na() { [[ -n "$1" ]] && echo "$1" || echo 0; }

printf 'tool\tversion\tinput_bytes\tstored_bytes\tstore_total\tingest_s\tingest_MBps\trestore_s\tpeak_rss_MiB\tidentical\n'
for vdir in "$versions"/v*; do
  v="$(basename "$vdir")"
  rsync -a --delete --exclude=.damnit "$vdir/" "$tree/"
  rsync -a --delete --exclude=.damnit "$vdir/" "$libtree/"
  sync
  input=$(du -sb --exclude=.damnit "$tree" | cut -f1)

  # DAMNIT, the command line (heap limited to 256 MiB). Every tool starts with no dirty pages.
  sync
  before=$(size "$tree/.damnit/store"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" "$damnit" -C "$tree" commit -m "$v" >/dev/null
  e=$(now); after=$(size "$tree/.damnit/store"); rss=$(( $(cat "$work/rss") / 1024 ))
  rs=$(now); "$damnit" -C "$tree" restore --to "$work/damnit-out" >/dev/null; re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/damnit-out" >/dev/null && echo yes || echo NO); rm -rf "$work/damnit-out"
  awk -v v="$v" -v i="$input" -v st=$((after-before)) -v tot="$after" -v s="$s" -v e="$e" -v rs="$rs" -v re="$re" -v rss="$rss" -v same="$same" \
    'BEGIN{printf "damnit\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%d\t%s\n", v, i, st, tot, e-s, i/1e6/(e-s), re-rs, rss, same}'

  # DAMNIT in-process, as embedded (EndToEnd measures itself; peak heap instead of RSS)
  sync
  java -Xmx256m -cp "$jar" org.damnit.bench.EndToEnd "$libtree" "$v" | sed 's/^damnit/damnit-lib/'

  # restic
  sync
  before=$(size "$restic_repo"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" restic backup --repo "$restic_repo" -q --host bench --exclude "$tree/.damnit" "$tree" >/dev/null
  e=$(now); after=$(size "$restic_repo"); rss=$(( $(cat "$work/rss") / 1024 ))
  rs=$(now); restic restore latest --repo "$restic_repo" -q --target "$work/restic-out" >/dev/null; re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/restic-out$tree" >/dev/null && echo yes || echo NO); rm -rf "$work/restic-out"
  awk -v v="$v" -v i="$input" -v st=$((after-before)) -v tot="$after" -v s="$s" -v e="$e" -v rs="$rs" -v re="$re" -v rss="$rss" -v same="$same" \
    'BEGIN{printf "restic\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%d\t%s\n", v, i, st, tot, e-s, i/1e6/(e-s), re-rs, rss, same}'

  # borg (zstd level 3, like DAMNIT's default)
  sync
  before=$(size "$borg_repo"); s=$(now)
  /usr/bin/time -f %M -o "$work/rss" borg create --compression zstd,3 --exclude "$tree/.damnit" "$borg_repo::$v" "$tree" >/dev/null
  e=$(now); after=$(size "$borg_repo"); rss=$(( $(cat "$work/rss") / 1024 ))
  mkdir -p "$work/borg-out"; rs=$(now); (cd "$work/borg-out" && borg extract "$borg_repo::$v" >/dev/null); re=$(now)
  same=$(diff -r --exclude=.damnit "$tree" "$work/borg-out$tree" >/dev/null && echo yes || echo NO); rm -rf "$work/borg-out"
  awk -v v="$v" -v i="$input" -v st=$((after-before)) -v tot="$after" -v s="$s" -v e="$e" -v rs="$rs" -v re="$re" -v rss="$rss" -v same="$same" \
    'BEGIN{printf "borg\t%s\t%d\t%d\t%d\t%.2f\t%.1f\t%.2f\t%d\t%s\n", v, i, st, tot, e-s, i/1e6/(e-s), re-rs, rss, same}'
done
