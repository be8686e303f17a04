# Synthetic paired reads with exact placements on a FASTA (v1/ref/genome.fa of the end-to-end series):
# SAM (unsorted) on stdout, the FASTQ pair in generation order (random places, as a sequencer gives them)
# to the two files named; qualities are those of v1/reads/S1_R1.fastq.gz, truncated to the read length.
#   python3 gen-placed-reads.py PAIRS R1.fq R2.fq [GENOME.fa] [QUALITIES.fastq.gz] | samtools sort -o S.bam -
import sys, random, gzip
pairs = int(sys.argv[1]); r1 = open(sys.argv[2], 'wb'); r2 = open(sys.argv[3], 'wb')
L = 100
seqs = {}; name = None; parts = []
genome = sys.argv[4] if len(sys.argv) > 4 else '/tmp/ingest/versions/v1/ref/genome.fa'
qfile = sys.argv[5] if len(sys.argv) > 5 else '/tmp/ingest/versions/v1/reads/S1_R1.fastq.gz'
for line in open(genome, 'rb'):
    if line.startswith(b'>'):
        if name: seqs[name] = b''.join(parts)
        name = line[1:].split()[0]; parts = []
    else: parts.append(line.strip())
seqs[name] = b''.join(parts)
quals = []
with gzip.open(qfile, 'rb') as f:
    for i, line in enumerate(f):
        if i % 4 == 3 and len(quals) < 50000: quals.append(line.rstrip(b'\n')[:L])
        if len(quals) >= 50000: break
comp = bytes.maketrans(b'ACGTNacgtn', b'TGCANtgcan')
out = sys.stdout.buffer
out.write(b'@HD\tVN:1.6\tSO:unsorted\n')
for n, s in seqs.items(): out.write(b'@SQ\tSN:%s\tLN:%d\n' % (n, len(s)))
out.write(b'@RG\tID:S1\tSM:S1\n')
rnd = random.Random(20)
names = list(seqs)
aux = b'NM:i:0\tMD:Z:%d\tMC:Z:%dM\tAS:i:%d\tXS:i:0\tRG:Z:S1' % (L, L, L)
for i in range(1, pairs + 1):
    c = names[rnd.randrange(len(names))]; g = seqs[c]
    ins = max(L, int(rnd.gauss(300, 30)))
    a = rnd.randrange(0, len(g) - ins)
    b = a + ins - L
    fa = g[a:a + L]; fb = g[b:b + L]
    qa = quals[rnd.randrange(len(quals))]; qb = quals[rnd.randrange(len(quals))]
    q = b'syn-%d' % i
    if rnd.random() < 0.5:  # read 1 forward at a, read 2 reverse at b
        s1, q1 = fa, qa; s2, q2 = fb.translate(comp)[::-1], qb
        out.write(b'%s\t99\t%s\t%d\t60\t%dM\t=\t%d\t%d\t%s\t%s\t%s\n' % (q, c, a + 1, L, b + 1, ins, fa, qa, aux))
        out.write(b'%s\t147\t%s\t%d\t60\t%dM\t=\t%d\t%d\t%s\t%s\t%s\n' % (q, c, b + 1, L, a + 1, -ins, fb, qb[::-1], aux))
    else:  # read 2 forward at a, read 1 reverse at b
        s2, q2 = fa, qb; s1, q1 = fb.translate(comp)[::-1], qa
        out.write(b'%s\t163\t%s\t%d\t60\t%dM\t=\t%d\t%d\t%s\t%s\t%s\n' % (q, c, a + 1, L, b + 1, ins, fa, qb, aux))
        out.write(b'%s\t83\t%s\t%d\t60\t%dM\t=\t%d\t%d\t%s\t%s\t%s\n' % (q, c, b + 1, L, a + 1, -ins, fb, qa[::-1], aux))
    r1.write(b'@%s/1\n%s\n+\n%s\n' % (q, s1, q1))
    r2.write(b'@%s/2\n%s\n+\n%s\n' % (q, s2, q2))
r1.close(); r2.close()
