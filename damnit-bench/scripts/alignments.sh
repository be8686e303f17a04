#!/usr/bin/env bash
# The BAM record codec (and the SAM codec) against CRAM 3.1 (default and archive profiles, with the
# reference), xz -6 and zstd -19 on the same content, in one run; prints a Markdown table.
# Every BAM is measured by its decompressed content (what the deep form's container stores); a SAM as it is.
# Each encode and decode is one process, timed from outside: wall seconds and CPU seconds (user + sys,
# every thread, start-up included), the same way for samtools and for DAMNIT's fresh JVMs. samtools runs
# with its default threads and with `-@ 2`. DAMNIT: AlignmentStore commits the content with deepOnCommit
# (alone, and after a commit of REF.fa) in one JVM and restores it in another; a BAM itself is also
# committed with bin/damnit (deepOnCommit: the plain form, the BGZF walk, the container and its check),
# gc'd down to its deep form and restored from it (CLI=0 skips those rows).
# The last two columns are speeds against samtools on the same file in the same run (its seconds over the
# method's): encoding against `samtools view -C`, decoding against `samtools view` of that CRAM 3.1, as
# wall, CPU, and wall against samtools with `-@ 2`; the rows of the BAM itself (bin/damnit) also against
# `samtools view -b` of the CRAM, which writes a BAM file as their restore does. AlignmentStore's CPU seconds also name the JIT
# compilers' share (the CPU time of their threads during the commit or the restore call).
# Needs samtools, xz, zstd, /usr/bin/time and a built damnit-bench/target/damnit-bench.jar (and damnit-cli's
# jar for the bin/damnit rows).
# Usage: alignments.sh WORKDIR REF.fa FILE.bam|FILE.sam...
#        (GENERIC=0: without the xz and zstd rows; ARCHIVE=0: without CRAM's archive profile; CLI=0)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/damnit-bench.jar"
damnit="$here/../bin/damnit"
w="${1:?usage: alignments.sh WORKDIR REF.fa FILE...}"; ref="$(realpath "$2")"; shift 2
mkdir -p "$w"; w="$(realpath "$w")"
files=(); for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$w"
# the JIT options bin/damnit starts the JVM with, so that AlignmentStore's JVMs compile as a command's do
jit=()
while IFS= read -r o; do jit+=("$o"); done < <(sed -n '/^jit=(/,/)/p' "$damnit" | grep -o -- '-XX:[^ )]*')
java=(java -Xmx2g "${jit[@]}" -cp "$jar" org.damnit.bench.AlignmentStore)

# timed CMD...: runs it, prints "wall cpu" (seconds; cpu = user + sys of the process and its children)
timed() {
  local t; t=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$t" "$@" > "$t.out" 2> "$t.err" || { cat "$t.out" "$t.err" "$t" >&2; rm -f "$t"*; return 1; }
  tail -n 1 "$t" | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'; rm -f "$t" "$t.out" "$t.err"
}
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else printf "-" }'; }
# speeds: samtools' seconds over the method's, for wall, CPU and wall against samtools -@ 2
speeds() { # method_wall method_cpu base_wall base_cpu base2_wall
  echo "$(ratio "$3" "$1") / $(ratio "$4" "$2") / $(ratio "$5" "$1")"
}
row() { # name bytes enc_wall enc_cpu dec_wall dec_cpu [enc_jit dec_jit]
  local x ej="" dj=""; x=$(echo "$2 $cram" | awk '{printf "%.3f", $1 / $2}')
  if [[ -n ${7:-} ]]; then ej=" (JIT $7)"; dj=" (JIT $8)"; fi
  echo "| | $1 | $2 | $x | $3 | $4$ej | $5 | $6$dj | $(speeds "$3" "$4" "$sew" "$sec" "$sew2") | $(speeds "$5" "$6" "$sdw" "$sdc" "$sdw2") |"
}
echo "| file | method | bytes | × CRAM 3.1 | encode wall s | encode CPU s | decode wall s | decode CPU s | encode speed × \`view -C\` (wall / CPU / wall vs \`-@ 2\`) | decode speed × \`view\` (wall / CPU / wall vs \`-@ 2\`) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for f in "${files[@]}"; do
  b=$(basename "$f")
  label="$(basename "$(dirname "$(dirname "$f")")") $b"   # the series' version, e.g. "v1 S1.bam"
  if [[ $f == *.bam ]]; then gzip -dc < "$f" > "$b.content"; else cp "$f" "$b.content"; fi
  size=$(stat -c %s "$b.content")
  mb=$(echo "scale=1; $size / 1000000" | bc)
  echo "| $label ($mb MB content) | | | | | | | | | |"
  read -r sew sec < <(timed samtools view -C --output-fmt-option version=3.1 -T "$ref" -o "$b.cram" "$f")
  read -r sdw sdc < <(timed samtools view -u -T "$ref" -o /dev/null "$b.cram")
  read -r sew2 sec2 < <(timed samtools view -@ 2 -C --output-fmt-option version=3.1 -T "$ref" -o "$b.2.cram" "$f")
  read -r sdw2 sdc2 < <(timed samtools view -@ 2 -u -T "$ref" -o /dev/null "$b.cram")
  # the other outputs of `samtools view` of the CRAM: SAM text (its default) and a BGZF BAM file (-b), the
  # same kind of file a restore of the BAM itself writes
  read -r ssw ssc < <(timed samtools view -T "$ref" -o /dev/null "$b.cram")
  read -r sbw sbc < <(timed samtools view -b -T "$ref" -o "$b.view.bam" "$b.cram"); rm -f "$b.view.bam"
  read -r sbw2 sbc2 < <(timed samtools view -@ 2 -b -T "$ref" -o "$b.view.bam" "$b.cram"); rm -f "$b.view.bam"
  cram=$(stat -c %s "$b.cram")
  row "CRAM 3.1, reference (samtools)" "$cram" "$sew" "$sec" "$sdw" "$sdc"
  row "CRAM 3.1, reference (samtools \`-@ 2\`)" "$(stat -c %s "$b.2.cram")" "$sew2" "$sec2" "$sdw2" "$sdc2"
  row "CRAM 3.1 decoded to SAM (\`samtools view\`)" "$cram" "$sew" "$sec" "$ssw" "$ssc"
  row "CRAM 3.1 decoded to a BAM file (\`samtools view -b\`)" "$cram" "$sew" "$sec" "$sbw" "$sbc"
  if [[ ${ARCHIVE:-1} != 0 ]]; then
    read -r ew ec < <(timed samtools view -C --output-fmt-option version=3.1 --output-fmt-option archive -T "$ref" -o "$b.a.cram" "$f")
    read -r dw dc < <(timed samtools view -u -T "$ref" -o /dev/null "$b.a.cram")
    row "CRAM 3.1 archive, reference" "$(stat -c %s "$b.a.cram")" "$ew" "$ec" "$dw" "$dc"
  fi
  if [[ ${GENERIC:-1} != 0 ]]; then
    read -r ew ec < <(timed sh -c "xz -6 -T1 -c '$b.content' > '$b.xz'"); read -r dw dc < <(timed sh -c "xz -dc '$b.xz' > /dev/null")
    row "xz -6" "$(stat -c %s "$b.xz")" "$ew" "$ec" "$dw" "$dc"
    read -r ew ec < <(timed sh -c "zstd -q -19 -T1 -c '$b.content' > '$b.zst'"); read -r dw dc < <(timed sh -c "zstd -q -dc '$b.zst' > /dev/null")
    row "zstd -19" "$(stat -c %s "$b.zst")" "$ew" "$ec" "$dw" "$dc"
    rm -f "$b.xz" "$b.zst"
  fi
  for mode in alone reference; do
    repo="repo-$b-$mode"; rm -rf "$repo" "$repo.content" "$repo.restored"
    if [[ $mode == alone ]]; then "${java[@]}" prepare "$repo" "$f"; else "${java[@]}" prepare "$repo" "$f" "$ref"; fi
    out=$(mktemp)
    read -r ew ec < <(timed sh -c "$(printf '%q ' "${java[@]}") commit $repo > $out")
    stored=$(cut -f3 "$out"); ej=$(cut -f6 "$out")
    read -r dw dc < <(timed sh -c "$(printf '%q ' "${java[@]}") restore $repo > $out")
    dj=$(cut -f5 "$out")
    row "DAMNIT content, $mode (AlignmentStore: commit, restore)" "$stored" "$ew" "$ec" "$dw" "$dc" "$ej" "$dj"
    rm -rf "$repo" "$repo.content" "$repo.restored" "$out"
  done
  if [[ $f == *.bam && ${CLI:-1} != 0 ]]; then
    # the BAM itself, as a user commits it: bin/damnit, deepOnCommit, the reference committed before
    repo="cli-$b"; rm -rf "$repo"; mkdir -p "$repo"
    "$damnit" -C "$repo" init >/dev/null
    sed -i '0,/{/s/{/{"deepOnCommit":true,/' "$repo/.damnit/config"
    cp "$ref" "$repo/ref.fa"; "$damnit" -C "$repo" commit -q -m reference
    plain=$(find "$repo/.damnit" -path '*/packs/*' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    cp "$f" "$repo/$b"
    read -r ew ec < <(timed "$damnit" -C "$repo" commit -q -m bam)
    # the plain form goes (two gc runs: the first condemns, the second deletes), the deep form stays
    "$damnit" -C "$repo" gc -q --grace 0; "$damnit" -C "$repo" gc -q --grace 0
    stored=$(( $(find "$repo/.damnit" -path '*/packs/*' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}') - plain ))
    read -r dw dc < <(timed "$damnit" -C "$repo" restore -q --to "$w/$repo.restored" "$b")
    cmp -s "$f" "$w/$repo.restored/$b" || { echo "$b did not restore exactly through bin/damnit" >&2; exit 1; }
    row "DAMNIT the BAM, reference (bin/damnit: commit, restore after gc)" "$stored" "$ew" "$ec" "$dw" "$dc"
    # its restore writes a BAM file, as `samtools view -b` of the CRAM does: the decode speed against that
    sdw="$sbw" sdc="$sbc" sdw2="$sbw2" row "DAMNIT the BAM, decode × \`samtools view -b\` (same commit and restore)" "$stored" "$ew" "$ec" "$dw" "$dc"
    rm -rf "$repo" "$repo.restored"
  fi
  rm -f "$b.content" "$b.cram" "$b.2.cram" "$b.a.cram"
done
