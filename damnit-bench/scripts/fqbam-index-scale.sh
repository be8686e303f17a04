#!/usr/bin/env bash
# The name index of codec 12 (FASTQ from BAM records) at sample size: BamRecords builds it (external sort)
# for a BAM's decompressed content, cut into 1 MiB chunks, on bin/damnit's heap (160 MiB, serial
# collector); reported: entries, the build's thread CPU, the process's CPU and peak RSS (/usr/bin/time),
# once building only and once also finding the reads of the first MiB of the FASTQ (where their records
# lie: how many BAM chunks, how many reads the 255 chunks holding most of them hold). OLD=REV builds it
# with BamRecords.java of commit REV too, in the same run. Each build writes the record cache as well
# (about the content's size) into WORKDIR.
#   [OLD=REV] damnit-bench/scripts/fqbam-index-scale.sh BAM R1.fastq.gz [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$here/damnit-cli/target/damnit.jar"
[[ -f "$jar" ]] || "$here/bin/damnit" --version >/dev/null
bam=$1; fq=$2; W=${3:-/tmp/fqbam-index-scale}
mkdir -p "$W"
[[ -s "$W/content" ]] || bgzip -dc "$bam" > "$W/content"
builds=(new)
rm -rf "$W/new" "$W/old"; mkdir -p "$W/new"
javac -d "$W/new" -cp "$jar" "$here/damnit-bench/scripts/FqbamIndexScale.java"
if [[ -n "${OLD:-}" ]]; then
  mkdir -p "$W/old/src/org/damnit/core"
  git -C "$here" show "$OLD:damnit-core/src/main/java/org/damnit/core/BamRecords.java" > "$W/old/src/org/damnit/core/BamRecords.java"
  javac -d "$W/old" -cp "$jar" "$W/old/src/org/damnit/core/BamRecords.java" "$here/damnit-bench/scripts/FqbamIndexScale.java"
  builds+=(old)
fi
for b in "${builds[@]}"; do
  for probe in - "$fq"; do
    rm -rf "$W/cache"
    label=$b; [[ $b == old ]] && label="old (BamRecords.java of $OLD)"
    echo "== $label: $( [[ $probe == - ]] && echo "build only" || echo "build, then the reads of the first MiB of $(basename "$fq")")"
    /usr/bin/time -f "process: user %U s, system %S s, peak RSS %M KiB" java -Xmx160m -XX:+UseSerialGC \
      -cp "$W/$b:$jar" org.damnit.core.FqbamIndexScale "$W/content" "$W/cache" "$probe" 64 2>&1
  done
done
rm -rf "$W/cache"
