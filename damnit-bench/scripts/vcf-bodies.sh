#!/usr/bin/env bash
# The table codec on multi-sample VCFs beside BCF (`bcftools view -Ob`), zstd -19 and xz -6 of the same
# text, in one run, in CPU seconds (user + sys of each tool; the codec's thread CPU time, as
# ContentCodecCpu measures it). Two VCFs, made here: every site of chr1:1-40000 of the series' three
# BAMs (`bcftools mpileup -a AD,DP | bcftools call -m`), and a 100-sample cohort (gen-cohort-vcf.py,
# through `bcftools view`).
# Usage: vcf-bodies.sh SERIES_VERSION_DIR WORK   (e.g. /tmp/ingest/versions/v5; needs bcftools, zstd,
# xz and a built damnit-bench.jar)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/target/damnit-bench.jar"
v="${1:?usage: vcf-bodies.sh SERIES_VERSION_DIR WORK}"
w="${2:?usage: vcf-bodies.sh SERIES_VERSION_DIR WORK}"
mkdir -p "$w"
bcftools mpileup -a AD,DP -r chr1:1-40000 -f "$v/ref/genome.fa" "$v"/aln/S1.bam "$v"/aln/S2.bam "$v"/aln/S3.bam \
  -Ou 2>/dev/null | bcftools call -m -Ov -o "$w/allsites-3.vcf" 2>/dev/null
python3 "$here/scripts/gen-cohort-vcf.py" 2500 100 1 | bcftools view -Ov -o "$w/cohort-100.vcf"
. "$here/scripts/cpu-rows.sh"
echo "| file | method | bytes | encode MB/s (CPU) | decode MB/s (CPU) |"
echo "|---|---|---:|---:|---:|"
for f in "$w/allsites-3.vcf" "$w/cohort-100.vcf"; do
  e=$(cpu bcftools view -Ob -o "$w/b.bcf" "$f"); d=$(cpu bash -c "bcftools view -Ov '$w/b.bcf' > /dev/null")
  row "$f" "BCF (\`bcftools view -Ob\`; decode \`bcftools view -Ov\`)" "$(stat -c %s "$w/b.bcf")" "$e" "$d"
  e=$(cpu bash -c "zstd -q -19 -T1 -c '$f' > '$w/z'"); d=$(cpu bash -c "zstd -q -d -c '$w/z' > /dev/null")
  row "$f" "zstd -19" "$(stat -c %s "$w/z")" "$e" "$d"
  e=$(cpu bash -c "xz -6 -T1 -c '$f' > '$w/x'"); d=$(cpu bash -c "xz -d -c '$w/x' > /dev/null")
  row "$f" "xz -6" "$(stat -c %s "$w/x")" "$e" "$d"
done
java -cp "$jar" org.damnit.bench.ContentCodecCpu table "$w/allsites-3.vcf" "$w/cohort-100.vcf"
