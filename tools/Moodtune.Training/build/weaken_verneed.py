#!/usr/bin/env python3
"""Marks one version need of an ELF64 shared library weak (VER_FLG_WEAK in .gnu.version_r), in place.

A weak version need that the system library lacks is not an error for the dynamic loader: it binds the symbols
of that version to any unversioned definition instead (here, the one of our shim library).
Usage: weaken_verneed.py FILE VERSION   (exit 0 when marked or already weak; 1 when the version is not needed)
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def c_string(data, offset):
    return data[offset:data.index(b"\0", offset)].decode("ascii")


def weaken(path, version):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise SystemExit(f"{path}: not a little-endian ELF64 file")
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
        changed = found = False
        for _, sh_type, _, _, sh_offset, _, sh_link, sh_info, _, _ in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab = sections[sh_link][4]
            need = sh_offset
            for _ in range(sh_info):
                _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
                aux = need + vn_aux
                for _ in range(vn_cnt):
                    _, vna_flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                    if c_string(data, strtab + vna_name) == version:
                        found = True
                        if not vna_flags & VER_FLG_WEAK:
                            struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                            changed = True
                    aux += vna_next
                need += vn_next
        if not found:
            print(f"{path}: needs no {version}", file=sys.stderr)
            return 1
        if changed:
            f.seek(0)
            f.write(data)
        print(f"{path}: {version} {'marked weak' if changed else 'already weak'}")
        return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(weaken(sys.argv[1], sys.argv[2]))
