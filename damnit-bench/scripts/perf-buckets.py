#!/usr/bin/env python3
"""Buckets the samples of a perf.data file (by thread, library and symbol) into where the CPU time went:
JIT compiling, interpreter, digests, zstd, chunking, GC, kernel reads and writes... Usage: perf-buckets.py PERF_DATA"""
import re, subprocess, sys, collections
out = subprocess.run(["perf", "report", "-i", sys.argv[1], "--no-children", "--sort", "comm,dso,sym", "-q", "-g", "none"],
                     capture_output=True, text=True).stdout
b = collections.Counter()
for line in out.splitlines():
    m = re.match(r"\s*([\d.]+)%\s+(.+?)\s{2,}(.+?)\s{2,}\[(.)\]\s+(.*)", line)
    if not m:
        continue
    pct, comm, dso, kind, sym = float(m[1]), m[2].strip(), m[3].strip(), m[4], m[5]
    if comm.startswith("C1 Compiler") or comm.startswith("C2 Compiler"):
        k = "JIT compiling (C1, C2 threads)"
    elif comm in ("bash", "cut", "stat", "cksum", "grep", "dirname", "readlink", "damnit", "sed"):
        k = "launcher script"
    elif comm.startswith("VM Thread") or comm.startswith("GC"):
        k = "GC and safepoints (VM thread)"
    elif re.search(r"SHA2|MD5|DigestBase|b2iBig|i2bBig|b2iLittle|MessageDigest", sym) or sym.startswith("StubRoutines"):
        k = "digests (SHA-256, MD5; intrinsic stubs and their warm-up in Java)"
    elif "zstd" in dso:
        k = "zstd (compress, decompress, patch-from)"
    elif "Chunker" in sym:
        k = "chunking (FastCDC)"
    elif "Sketch" in sym:
        k = "sketches"
    elif re.search(r"Delta|bsdiff|sigpipe|Splice", sym):
        k = "deltas (splice, bsdiff, checks)"
    elif re.search(r"CRC32C|crc32c|Crc32", sym, re.I):
        k = "CRC-32C"
    elif sym == "Interpreter":
        k = "interpreter (code not yet compiled)"
    elif kind == "k" and re.search(r"clear_page", sym):
        k = "kernel: zeroing fresh pages"
    elif kind == "k" and re.search(r"copy_to_iter|copy_mc|filemap_read", sym):
        k = "kernel: reading files (page-cache copies)"
    elif kind == "k" and re.search(r"copy_folio_from_iter|ext4|jbd2|writeback|dquot|block", sym):
        k = "kernel: writing files"
    elif kind == "k":
        k = "kernel: other (scheduling, syscalls, faults)"
    elif "libjvm" in dso:
        k = "JVM runtime (class loading, linking, stubs)"
    elif "libc" in dso:
        k = "libc (memcpy, memset, malloc)"
    else:
        k = "other Java code"
    b[k] += pct
tot = sum(b.values())
for k, v in b.most_common():
    print(f"{v / tot * 100:5.1f}%  {k}")
