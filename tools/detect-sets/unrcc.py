"""Reads Qt binary resource bundles (.rcc, format versions 1-3). GCompris ships its photographs only inside them and
no Debian package unpacks them (Qt's rcc tool writes bundles, it does not read them), so the format is walked here:
a header, a tree of 14- or 22-byte entries (directory: child count and first child; file: data offset), a names
table (UTF-16BE) and a data table (zlib-compressed entries carry a 4-byte length first)."""
import struct
import zlib

COMPRESSED, DIRECTORY, COMPRESSED_ZSTD = 1, 2, 4


def files(path):
    """Yields (path inside the bundle, bytes) for every file the bundle holds; zstd entries (Qt 6) are skipped."""
    blob = open(path, "rb").read()
    if blob[:4] != b"qres":
        raise ValueError(f"{path}: not a Qt resource bundle")
    version, tree, data, names = struct.unpack(">IIII", blob[4:20])
    entry_size = 14 if version == 1 else 22

    def name(offset):
        (length,) = struct.unpack(">H", blob[names + offset:names + offset + 2])
        return blob[names + offset + 6:names + offset + 6 + 2 * length].decode("utf-16-be")

    def walk(index, prefix):
        entry = tree + index * entry_size
        name_offset, flags = struct.unpack(">IH", blob[entry:entry + 6])
        path = f"{prefix}/{name(name_offset)}" if index else ""
        if flags & DIRECTORY:
            count, first = struct.unpack(">II", blob[entry + 6:entry + 14])
            for child in range(first, first + count):
                yield from walk(child, path)
        elif not flags & COMPRESSED_ZSTD:
            (offset,) = struct.unpack(">I", blob[entry + 10:entry + 14])
            (size,) = struct.unpack(">I", blob[data + offset:data + offset + 4])
            content = blob[data + offset + 4:data + offset + 4 + size]
            yield path.lstrip("/"), zlib.decompress(content[4:]) if flags & COMPRESSED else content

    yield from walk(0, "")
