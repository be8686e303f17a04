#!/usr/bin/env python3
"""A cohort VCF as a joint caller writes one: SITES variant sites over a 2 Mbp genome, SAMPLES samples
with GT:AD:DP:GQ:PL (GT:DP at sites of no call), allele frequencies drawn per site, depths around 30x.
Printed to stdout; pass it through `bcftools view` so that the text is bcftools'.
Usage: gen-cohort-vcf.py SITES SAMPLES SEED"""
import random
import sys

sites, samples, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)
out = sys.stdout
out.write("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=1000000>\n##contig=<ID=chr2,length=1000000>\n")
for line in ('INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">',
             'INFO=<ID=AN,Number=1,Type=Integer,Description="Total alleles">',
             'INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">',
             'INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
             'INFO=<ID=MQ,Number=1,Type=Float,Description="Mapping quality">',
             'INFO=<ID=QD,Number=1,Type=Float,Description="Quality by depth">',
             'INFO=<ID=FS,Number=1,Type=Float,Description="Fisher strand">',
             'INFO=<ID=INDEL,Number=0,Type=Flag,Description="Indel">',
             'FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             'FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
             'FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
             'FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
             'FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred likelihoods">',
             'FILTER=<ID=LowQual,Description="Low quality">'):
    out.write("##" + line + "\n")
out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
          + "\t".join("S%03d" % (i + 1) for i in range(samples)) + "\n")
pos = 0
chrom = 1
for s in range(sites):
    pos += r.randint(1, 2 * 2_000_000 // sites)
    if pos > 1_000_000 and chrom == 1:
        chrom, pos = 2, pos - 1_000_000
    ref = r.choice("ACGT")
    indel = r.random() < 0.1
    alt = (ref + "".join(r.choice("ACGT") for _ in range(r.randint(1, 4)))) if indel else r.choice([b for b in "ACGT" if b != ref])
    af = min(0.99, r.betavariate(0.3, 2))
    gts, fields, ac, an, dp = [], [], 0, 0, 0
    for i in range(samples):
        d = max(0, int(r.gauss(30, 8)))
        dp += d
        if d < 3:
            fields.append("./.:%d" % d)
            continue
        g = (r.random() < af) + (r.random() < af)
        ac += g
        an += 2
        alt_reads = sum(r.random() < (0.02, 0.5, 0.98)[g] for _ in range(d))
        pl = [0, 0, 0]
        for k in range(3):
            if k != g:
                pl[k] = min(255, int(abs(k - g) * d * r.uniform(2.5, 3.5)) + r.randint(0, 9))
        gq = min(99, min(p for k, p in enumerate(pl) if k != g))
        fields.append("%s:%d,%d:%d:%d:%d,%d,%d" % (("0/0", "0/1", "1/1")[g], d - alt_reads, alt_reads, d, gq, *pl))
    qual = round(r.uniform(20, 3000) if ac else r.uniform(0, 30), 2)
    info = "AC=%d;AF=%.3f;AN=%d;DP=%d;FS=%.3f;MQ=%.2f;QD=%.2f" % (ac, ac / an if an else 0, an, dp, r.expovariate(0.5),
                                                                    r.gauss(59, 1.5), qual / max(1, dp))
    if indel:
        info += ";INDEL"
    out.write("chr%d\t%d\t.\t%s\t%s\t%s\t%s\t%s\tGT:AD:DP:GQ:PL\t%s\n" % (chrom, pos, ref, alt, qual,
              "PASS" if qual >= 30 else "LowQual", info, "\t".join(fields)))
