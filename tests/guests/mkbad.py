#!/usr/bin/env python3
"""Makes the test images a Multiboot loader must refuse, from mb1-elf32.elf.

    tests/guests/mkbad.py MB1_ELF32 OUTDIR

writes to OUTDIR:
  no-header.bin     the kernel with its Multiboot magic zeroed: no header
  bad-checksum.elf  the header's checksum off by one
  huge-bss.elf      the bss segment's p_memsz grown to 512 MiB: past the RAM
                    of a small guest (and over whatever sits above the kernel)
  overlap.elf       the data segment moved onto the text segment's addresses
  low.elf           every segment and the entry moved 3 MiB down, to 1 MiB (not
                    runnable: its code still thinks it is at 4 MiB; for the
                    loader's unit tests and fuzzer seeds)
and, given mb1-low.elf (linked at 1 MiB) as a third argument:
  wide.elf          its bss grown to 3 MiB: from 1 MiB over the modules GRUB
                    placed above the hypervisor and the boot information it
                    keeps there (refused: forbidden)

ELF32 layouts: System V gABI 4.1 (e_phoff at 28, e_phentsize at 42, e_phnum
at 44; p_vaddr/p_paddr at 8/12, p_memsz at 20).  Multiboot header: magic,
flags, checksum (Multiboot 0.6.96 3.1.1).
"""

import os
import struct
import sys

MB1_MAGIC = 0x1BADB002
HUGE_BSS = 512 << 20
WIDE_BSS = 3 << 20
LOW_SHIFT = 3 << 20  # the test kernels link at 4 MiB (tests/guests/guest.ld)


def load_segments(elf):
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    return [phoff + i * phentsize for i in range(phnum)
            if struct.unpack_from("<I", elf, phoff + i * phentsize)[0] == 1]


def header_offset(elf):
    for off in range(0, min(len(elf), 8192), 4):
        if struct.unpack_from("<I", elf, off)[0] == MB1_MAGIC:
            return off
    sys.exit("mkbad: no Multiboot header in the input")


def write_wide(low_path, out):
    elf = bytearray(open(low_path, "rb").read())
    segs = load_segments(elf)
    struct.pack_into("<I", elf, segs[2] + 20, WIDE_BSS)
    with open(os.path.join(out, "wide.elf"), "wb") as f:
        f.write(elf)


def main():
    src, out = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        write_wide(sys.argv[3], out)
    elf = bytearray(open(src, "rb").read())
    hdr = header_offset(elf)
    segs = load_segments(elf)
    if len(segs) < 3:
        sys.exit("mkbad: expected text, data and bss segments")

    no_header = bytearray(elf)
    struct.pack_into("<I", no_header, hdr, 0)
    bad_checksum = bytearray(elf)
    struct.pack_into("<I", bad_checksum, hdr + 8,
                     (struct.unpack_from("<I", elf, hdr + 8)[0] + 1) & 0xFFFFFFFF)
    huge_bss = bytearray(elf)
    struct.pack_into("<I", huge_bss, segs[2] + 20, HUGE_BSS)
    overlap = bytearray(elf)
    text_addr = struct.unpack_from("<II", elf, segs[0] + 8)
    struct.pack_into("<II", overlap, segs[1] + 8, *text_addr)

    low = bytearray(elf)
    for seg in segs:
        for field in (8, 12):
            addr, = struct.unpack_from("<I", elf, seg + field)
            struct.pack_into("<I", low, seg + field, addr - LOW_SHIFT)
    entry, = struct.unpack_from("<I", elf, 24)
    struct.pack_into("<I", low, 24, entry - LOW_SHIFT)

    for name, data in (("no-header.bin", no_header), ("bad-checksum.elf", bad_checksum),
                       ("huge-bss.elf", huge_bss), ("overlap.elf", overlap),
                       ("low.elf", low)):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
