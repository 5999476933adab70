#!/usr/bin/env python3
"""Writes a constructed Xen `xl save` image (xl header, libxl v2, libxc v3 little-endian x86-64 PV image)
from the layouts in docs/formats.md, for scripts/bench-xen-move.sh.

  make-xen-image.py OUT MIB [--rewrite PCT] [--generation N]

Guest pages: pfn % 10 < 3 are zero (a fresh guest's untouched memory), every 97th page is an L1 pagetable,
every other page holds 4096 bytes drawn from a generator seeded by the pfn. With --rewrite PCT about PCT % of
the non-zero pages (chosen by a fixed hash of the pfn) are seeded by the pfn and the generation instead:
the same guest after it wrote those pages, so a store built from generation 0 is stale for them.
Records besides the pages: X86_PV_INFO, STATIC_DATA_END, X86_PV_P2M_FRAMES, X86_TSC_INFO, SHARED_INFO,
one X86_PV_VCPU_BASIC, END, then the libxl END.
"""
import argparse
import random
import struct

PAGE = 4096


def record(out, rtype, body):
    out.write(struct.pack("<II", rtype, len(body)))
    out.write(body)
    out.write(b"\0" * ((8 - len(body) % 8) % 8))


def page(pfn, generation, rewrite):
    if pfn % 10 < 3:
        return None
    seed = pfn
    if rewrite and (pfn * 2654435761) % 100 < rewrite:
        seed = pfn + generation * 100_000_000
    return random.Random(seed).randbytes(PAGE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("mib", type=int)
    ap.add_argument("--rewrite", type=int, default=0)
    ap.add_argument("--generation", type=int, default=0)
    a = ap.parse_args()
    pages = a.mib * 256
    with open(a.out, "wb") as out:
        config = b'{"c_info":{"name":"bench"},"b_info":{"max_memkb":%d}}\0' % (a.mib * 1024)
        out.write(b"Xen saved domain, xl format\n \0 \r")
        out.write(struct.pack("<IIII", 0x01020304, 3, 0, 4 + len(config)))
        out.write(struct.pack("<I", len(config)) + config)
        out.write(b"LibxlFmt" + struct.pack(">II", 2, 0))
        out.write(struct.pack("<II", 1, 0))  # LIBXC_CONTEXT
        out.write(struct.pack(">QIIHHI", 0xFFFFFFFFFFFFFFFF, 0x58454E46, 3, 0, 0, 0))
        out.write(struct.pack("<IHHII", 1, 12, 0, 4, 19))  # x86 PV, 4 KiB pages, Xen 4.19
        record(out, 0x02, struct.pack("<BB6x", 8, 4))
        record(out, 0x10, b"")
        p2m_frames = (pages + 511) // 512
        record(out, 0x03, struct.pack("<II", 0, pages - 1) + b"".join(struct.pack("<Q", pages - p2m_frames + i) for i in range(p2m_frames)))
        for first in range(0, pages, 1024):
            n = min(1024, pages - first)
            entries, data = [], []
            for pfn in range(first, first + n):
                body = page(pfn, a.generation, a.rewrite)
                ptype = 1 if pfn % 97 == 5 and body is not None else 0
                entries.append(struct.pack("<Q", pfn | (ptype << 60)))
                data.append(body if body is not None else b"\0" * PAGE)
            record(out, 0x01, struct.pack("<II", n, 0) + b"".join(entries) + b"".join(data))
        record(out, 0x08, struct.pack("<IIQII", 0, 1000000, 0, 0, 0))
        record(out, 0x07, random.Random(7).randbytes(PAGE))
        record(out, 0x04, struct.pack("<II", 0, 0) + random.Random(8).randbytes(1024))
        record(out, 0x00, b"")
        out.write(struct.pack("<II", 0, 0))  # libxl END


if __name__ == "__main__":
    main()
