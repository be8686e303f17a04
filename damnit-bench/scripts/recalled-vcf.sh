#!/usr/bin/env bash
# What a re-called VCF.gz costs after the first, plain and in the deep form. v1: every site of a region
# of the series' three BAMs (bcftools mpileup | bcftools call -m, bgzipped by bcftools). Then two
# re-calls: the same calls with one header line more (bcftools annotate -h: every BGZF block after the
# header moves), and a re-call as haploid (--ploidy 1: the genotype of every line changes). Each pair
# is committed into a plain repository and into one repacked deep (and gc'd) after each commit; the
# table prints the bytes each commit added.
# Usage: recalled-vcf.sh SERIES_VERSION_DIR WORK [REGION]  (e.g. /tmp/ingest/versions/v5 /tmp/rv chr1:1-300000)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
damnit="${DAMNIT:-$here/../bin/damnit}"
v="${1:?usage: recalled-vcf.sh SERIES_VERSION_DIR WORK [REGION]}"
w="${2:?usage: recalled-vcf.sh SERIES_VERSION_DIR WORK [REGION]}"
region="${3:-chr1:1-300000}"
mkdir -p "$w"
bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
bcftools mpileup -a AD,DP -r "$region" -f "$v/ref/genome.fa" "$v"/aln/S1.bam "$v"/aln/S2.bam "$v"/aln/S3.bam \
  -Ou 2>/dev/null > "$w/pile.bcf"
bcftools call -m -Oz -o "$w/v1.vcf.gz" "$w/pile.bcf" 2>/dev/null
printf '##DAMNIT_recall=header line added after the first call\n' > "$w/extra.hdr"
bcftools annotate -h "$w/extra.hdr" -Oz -o "$w/header.vcf.gz" "$w/v1.vcf.gz"
bcftools call -m --ploidy 1 -Oz -o "$w/haploid.vcf.gz" "$w/pile.bcf" 2>/dev/null
echo "v1: $(stat -c %s "$w/v1.vcf.gz") bytes gzipped, $(bcftools view "$w/v1.vcf.gz" | wc -c) decompressed"
echo
echo "| re-call | its size | plain: bytes added | deep: bytes added | deep ÷ plain | v1 plain | v1 deep |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for second in header haploid; do
  for form in plain deep; do
    r="$w/repo-$second-$form"; rm -rf "$r"; mkdir -p "$r"; "$damnit" -C "$r" init >/dev/null
    for f in v1 "$second"; do
      cp "$w/$f.vcf.gz" "$r/calls.vcf.gz"
      "$damnit" -C "$r" commit -q -m "$f"
      if [[ $form == deep ]]; then "$damnit" -C "$r" repack --deep -q; "$damnit" -C "$r" gc -q --grace 0; fi
      eval "${form}_$f=$(bytes "$r/.damnit/store/objects")"
    done
    "$damnit" -C "$r" restore -q --rev HEAD~1 --to "$w/out-v1"; cmp "$w/out-v1/calls.vcf.gz" "$w/v1.vcf.gz"
    "$damnit" -C "$r" restore -q --rev HEAD --to "$w/out-2"; cmp "$w/out-2/calls.vcf.gz" "$w/$second.vcf.gz"
    rm -rf "$w/out-v1" "$w/out-2"
  done
  pa=$((plain_$second - plain_v1)); da=$((deep_$second - deep_v1))
  echo "| $second | $(stat -c %s "$w/$second.vcf.gz") | $pa | $da | $(awk -v a="$da" -v b="$pa" 'BEGIN {printf "%.3f", a / b}') | $plain_v1 | $deep_v1 |"
done
