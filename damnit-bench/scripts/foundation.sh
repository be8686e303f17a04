#!/usr/bin/env bash
# Foundation figures, each as a ratio to a baseline measured in the same run on the same files:
#   1. a ~2 GB tree: commit vs `sha256sum` + `cp -r`, restore vs `cp -r`, byte-identical check
#   2. re-commit of an unchanged 100,000-file tree as a fraction of the first commit
#   3. a 10 GB file committed and restored with JAVA_OPTS=-Xmx256m (peak RSS reported), vs cp
# Usage: foundation.sh [WORKDIR] [BIG_FILE_GB]
set -euo pipefail
for t in bc python3; do command -v "$t" >/dev/null || { apt-get update -q && apt-get install -y -q "$t"; }; done
[[ -x /usr/bin/time ]] || { apt-get update -q && apt-get install -y -q time; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
damnit="$here/bin/damnit"
work="${1:-/tmp/damnit-foundation}"
big_gb="${2:-10}"
rm -rf "$work" && mkdir -p "$work"
export DAMNIT_PROGRESS=0
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
ratio() { echo "scale=3; $1 / $2" | bc; }

echo "== 1. ~2 GB tree round trip"
src="$work/tree2g"; mkdir -p "$src"
for i in $(seq 1 8); do
  mkdir -p "$src/run$i"
  # half compressible text (FASTQ-like), half random
  head -c 128M /dev/urandom > "$src/run$i/random.bin"
  python3 -c "
import random,sys
r=random.Random($i); out=sys.stdout; n=0
while n < 128<<20:
    s=''.join(r.choices('ACGT', k=100)); rec='@r%d\\n%s\\n+\\n%s\\n' % (n, s, 'I'*100); out.write(rec); n+=len(rec)
" > "$src/run$i/reads.fastq"
done
sync
cp_time=$(t cp -r "$src" "$work/cp-copy")
sha_time=$(t sh -c "find '$src' -type f -print0 | xargs -0 sha256sum")
rm -rf "$work/cp-copy"
(cd "$src" && "$damnit" init >/dev/null)
commit_time=$(t "$damnit" -C "$src" commit -m first)
restore_time=$(t "$damnit" -C "$src" restore --to "$work/restored2g")
diff -r "$src" "$work/restored2g" --exclude=.damnit && echo "byte-identical: yes"
stored=$(du -sb "$src/.damnit/store" | cut -f1); input=$(du -sb --exclude=.damnit "$src" | cut -f1)
echo "input $input B, stored $stored B ($(ratio "$stored" "$input") of input)"
echo "commit  $commit_time s = $(ratio "$commit_time" "$sha_time") x sha256sum, $(ratio "$commit_time" "$cp_time") x cp -r"
echo "restore $restore_time s = $(ratio "$restore_time" "$cp_time") x cp -r"
rm -rf "$work/restored2g" "$src"

echo "== 2. unchanged 100,000-file tree"
many="$work/many"; mkdir -p "$many"
python3 - "$many" <<'PY'
import os, sys, random
root = sys.argv[1]
random.seed(1)
for d in range(100):
    os.makedirs(f"{root}/d{d:03}", exist_ok=True)
    for f in range(1000):
        with open(f"{root}/d{d:03}/f{f:04}.txt", "w") as fh:
            fh.write(f"{d} {f} {random.random()}\n" * random.randint(1, 20))
PY
# age the files beyond the racy window so the stat cache may vouch for them
find "$many" -type f -exec touch -d '1 hour ago' {} +
(cd "$many" && "$damnit" init >/dev/null)
first=$(t "$damnit" -C "$many" commit -m first)
second=$(t "$damnit" -C "$many" commit -m second)
status=$(t "$damnit" -C "$many" status)
echo "first commit $first s, unchanged re-commit $second s = $(ratio "$second" "$first") of the first; status $status s"
rm -rf "$many"

echo "== 3. ${big_gb} GB file with JAVA_OPTS=-Xmx256m"
bigdir="$work/big"; mkdir -p "$bigdir"
head -c "$((big_gb * 1024))M" /dev/urandom > "$bigdir/huge.bin"
sync
cpb=$(t cp "$bigdir/huge.bin" "$work/huge.copy"); rm -f "$work/huge.copy"
md5b=$(t md5sum "$bigdir/huge.bin")
(cd "$bigdir" && "$damnit" init >/dev/null)
export JAVA_OPTS="-Xmx256m"
/usr/bin/time -f "%e s, peak RSS %M KiB" -o "$work/commit.time" "$damnit" -C "$bigdir" commit -m big >/dev/null
/usr/bin/time -f "%e s, peak RSS %M KiB" -o "$work/restore.time" "$damnit" -C "$bigdir" restore --to "$work/bigout" >/dev/null
echo "cp $cpb s, md5sum $md5b s"
echo "commit:  $(cat "$work/commit.time")"
echo "restore: $(cat "$work/restore.time")"
cmp "$bigdir/huge.bin" "$work/bigout/huge.bin" && echo "byte-identical: yes"
echo "recorded md5 $("$damnit" -C "$bigdir" log --json >/dev/null; md5sum < "$work/bigout/huge.bin" | cut -c1-32)"
rm -rf "$work"
