# A coordinate-sorted SAM of N random 100-base reads with qualities over two 250 Mb contigs, on stdout:
#   python3 gen-bam.py 10000000 | samtools view -b -o big.bam - && samtools index big.bam   (about 1 GB)
import random, sys
random.seed(42)
n = int(sys.argv[1])
pool = []
for i in range(5000):
    seq = ''.join(random.choice('ACGT') for _ in range(100))
    qual = ''.join(chr(33 + 20 + random.randrange(21)) for _ in range(100))
    pool.append(seq + '\t' + qual)
out = sys.stdout
out.write('@HD\tVN:1.6\tSO:coordinate\n')
L = 250_000_000
out.write('@SQ\tSN:chr1\tLN:%d\n@SQ\tSN:chr2\tLN:%d\n@RG\tID:big\tSM:big\n' % (L, L))
half = n // 2
step = (L - 200) / half
buf = []
for c in ('chr1', 'chr2'):
    pos = 1.0
    for i in range(half):
        pos += random.random() * 2 * step
        if pos > L - 200: pos = L - 200
        buf.append('r%s_%d\t%d\t%s\t%d\t60\t100M\t*\t0\t0\t%s\tRG:Z:big\n' % (c, i, 0 if i & 1 else 16, c, int(pos), random.choice(pool)))
        if len(buf) >= 10000:
            out.write(''.join(buf)); buf = []
out.write(''.join(buf))
